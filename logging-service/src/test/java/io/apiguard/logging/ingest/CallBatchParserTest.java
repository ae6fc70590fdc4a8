package io.apiguard.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.TestConfig;

class CallBatchParserTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final LoggingConfig CONFIG = TestConfig.defaults();

    private final CallBatchParser parser = new CallBatchParser(
            new RecordValidator(
                    CONFIG.ingest(), Duration.ofDays(CONFIG.retention().days()), Clock.fixed(NOW, ZoneOffset.UTC)),
            CONFIG.ingest().maxRecordBytes(),
            CONFIG.ingest().maxBatchRecords());

    @Test
    void anArrayKeepsItsValidRecordsAndNamesTheInvalidOnesByIndex() {
        // Given
        String body = "[" + record("a", "2026-11-22T09:00:00Z", 200) + ",\n" + record("b", "2026-11-22T09:00:00Z", 42)
                + ", 17, null, {\"id\": \"not-a-uuid\"}, " + record("c", "2026-11-22T09:00:00Z", 404) + "]";

        // When
        CallBatchParser.Batch batch = parser.parseArray(bytes(body));

        // Then
        assertThat(batch.size()).isEqualTo(6);
        assertThat(batch.records()).extracting(call -> call.status()).containsExactly(200, 404);
        assertThat(batch.errors())
                .extracting(CallBatchParser.RecordError::index)
                .containsExactly(1, 2, 3, 4);
        assertThat(batch.errors().get(0).detail()).isEqualTo("status must be an HTTP status (100-599): 42");
        assertThat(batch.errors().get(1).detail()).isEqualTo("a call record must be a JSON object, not a number");
        assertThat(batch.errors().get(2).detail()).isEqualTo("a call record must be a JSON object, not null");
        assertThat(batch.errors().get(3).detail()).contains("UUID").contains("/id");
    }

    @Test
    void ndjsonLoosesOnlyTheBrokenLine() {
        // Given: the second line is cut off, the third is blank
        String body = record("a", "2026-11-22T09:00:00Z", 200) + "\n{\"id\": \"6a1f\n\n"
                + record("c", "2026-11-22T09:00:00Z", 201) + "\n";

        // When
        CallBatchParser.Batch batch = parser.parseLines(bytes(body));

        // Then
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.records()).extracting(call -> call.status()).containsExactly(200, 201);
        assertThat(batch.errors()).singleElement().satisfies(error -> {
            assertThat(error.index()).isEqualTo(1);
            assertThat(error.detail()).startsWith("not valid JSON");
        });
    }

    @Test
    void aRecordOutsideThePlausibleTimeWindowIsRefused() {
        // When: the default clock skew is 5 minutes, the retention 30 days
        CallBatchParser.Batch batch = parser.parseArray(bytes("[" + record("a", "2026-11-22T10:04:00Z", 200) + ","
                + record("b", "2026-11-22T10:06:00Z", 200) + "," + record("c", "2026-10-22T09:00:00Z", 200) + ","
                + record("d", "+999999999-12-31T23:59:59Z", 200) + "," + record("e", "-999999999-01-01T00:00:00Z", 200)
                + "]"));

        // Then
        assertThat(batch.records()).hasSize(1);
        assertThat(batch.errors())
                .extracting(CallBatchParser.RecordError::index)
                .containsExactly(1, 2, 3, 4);
        assertThat(batch.errors().get(0).detail()).contains("2026-11-22T10:06:00Z lies in the future");
        assertThat(batch.errors().get(1).detail()).contains("older than the retention period of 30 days");
    }

    @Test
    void aBodyThatIsNotAJsonArrayIsMalformedAsAWhole() {
        assertThatThrownBy(() -> parser.parseArray(bytes("{\"id\": 1}")))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class)
                .hasMessageContaining("JSON array");
        assertThatThrownBy(() -> parser.parseArray(bytes("[" + record("a", "2026-11-22T09:00:00Z", 200) + ", {")))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parser.parseArray(bytes("call records, please")))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class);
        assertThatThrownBy(() -> parser.parseArray(bytes("")))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class);
    }

    @Test
    void deepJsonCostsOnlyItsOwnRecordAndAnArrayNestedBeyondReasonIsMalformedWithoutAnException() {
        // Given: the contract's 10,000-deep arrays, a record with a deeply nested field, and a record beside them
        String deepArray = "[".repeat(10_000) + "]".repeat(10_000);
        String deepField = record("x", "2026-11-22T09:00:00Z", 200)
                .replace(
                        "\"status\"",
                        "\"extra\": " + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + ", \"status\"");

        String deepArrayField = record("y", "2026-11-22T09:00:00Z", 200)
                .replace("\"status\"", "\"extra\": " + deepArray + ", \"status\"");
        assertThat(parser.parseArray(bytes("[" + deepArrayField + "]")).errors())
                .singleElement()
                .extracting(CallBatchParser.RecordError::detail)
                .isEqualTo("the record is nested deeper than 16 levels");

        // When
        CallBatchParser.Batch batch = parser.parseArray(
                bytes("[" + deepField + ", " + deepArray + ", " + record("a", "2026-11-22T09:00:00Z", 200) + "]"));
        CallBatchParser.Batch deepLine = parser.parseLines(bytes(deepField + "\n"));

        // Then
        assertThat(batch.records()).hasSize(1);
        assertThat(batch.errors())
                .extracting(CallBatchParser.RecordError::detail)
                .containsExactly(
                        "the record is nested deeper than 16 levels",
                        "a call record must be a JSON object, not an array");
        assertThat(deepLine.errors())
                .singleElement()
                .extracting(CallBatchParser.RecordError::detail)
                .isEqualTo("the record is nested deeper than 16 levels");
        assertThatThrownBy(() -> parser.parseArray(bytes("[".repeat(200_000))))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class)
                .hasMessageContaining("nested deeper than 100000 levels");
        assertThatThrownBy(() -> parser.parseOne(deepField))
                .isInstanceOf(CallBatchParser.InvalidRecordException.class)
                .hasMessage("the record is nested deeper than 16 levels");
    }

    @Test
    void aRecordOverTheSizeBoundIsRefusedUnreadWhileItsNeighboursAreKept() {
        // Given: a record of more than 1 MB, in an array, a line and a message
        String huge = record("h", "2026-11-22T09:00:00Z", 200)
                .replace("\"status\"", "\"padding\": \"" + "x".repeat(1_100_000) + "\", \"status\"");

        // When
        CallBatchParser.Batch array =
                parser.parseArray(bytes("[" + record("a", "2026-11-22T09:00:00Z", 200) + "," + huge + "]"));
        CallBatchParser.Batch lines = parser.parseLines(bytes(huge + "\n" + record("a", "2026-11-22T09:00:00Z", 200)));

        // Then
        assertThat(array.records()).hasSize(1);
        assertThat(array.errors()).singleElement().satisfies(error -> {
            assertThat(error.index()).isEqualTo(1);
            assertThat(error.detail()).matches("the record is \\d+ bytes, over the limit of 65536");
        });
        assertThat(lines.records()).hasSize(1);
        assertThat(lines.errors())
                .extracting(CallBatchParser.RecordError::index)
                .containsExactly(0);
        assertThatThrownBy(() -> parser.parseOne(huge)).hasMessageContaining("over the limit of 65536");
    }

    @Test
    void recordsBeyondTheBatchLimitAreCountedButNeitherBoundNorChecked() {
        // Given: a limit of 2, and beyond it records that would be refused if they were checked
        CallBatchParser limited = new CallBatchParser(
                new RecordValidator(
                        CONFIG.ingest(), Duration.ofDays(CONFIG.retention().days()), Clock.fixed(NOW, ZoneOffset.UTC)),
                CONFIG.ingest().maxRecordBytes(),
                2);
        String good = record("a", "2026-11-22T09:00:00Z", 200);
        String invalid = record("b", "2026-11-22T09:00:00Z", 42);

        // When
        CallBatchParser.Batch array = limited.parseArray(
                bytes("[" + good + "," + good + "," + invalid + ", 17, null, {\"id\": \"not-a-uuid\"}]"));
        CallBatchParser.Batch lines =
                limited.parseLines(bytes(good + "\n" + invalid + "\n\n" + invalid + "\n{\"id\": \"6a1f\n"));

        // Then: the full count, for the 413, and no error from beyond the limit
        assertThat(array.size()).isEqualTo(6);
        assertThat(array.records()).hasSize(2);
        assertThat(array.errors()).isEmpty();
        assertThat(lines.size()).isEqualTo(4);
        assertThat(lines.records()).hasSize(1);
        assertThat(lines.errors())
                .extracting(CallBatchParser.RecordError::index)
                .containsExactly(1);
        // a body broken beyond the limit is still malformed as a whole
        assertThatThrownBy(() -> limited.parseArray(bytes("[" + good + "," + good + "," + good + ", {")))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aNulInAnyStoredTextCostsOnlyItsRecord() {
        // Given: the NUL arrives as JSON escapes, as in a token's sub claim copied into a record
        String good = record("a", "2026-11-22T09:00:00Z", 200);
        String nulSubject = record("b", "2026-11-22T09:00:00Z", 200)
                .replace(
                        "\"status\"",
                        "\"identity\": {\"subject\": \"alex\\u0000\", \"principalType\": \"user\", \"authMethod\": \"jwt\"},"
                                + " \"status\"");
        String nulPath = record("c", "2026-11-22T09:00:00Z", 200).replace("/accounts/1044", "/accounts/10\\u000044");
        String nulHeader = record("d", "2026-11-22T09:00:00Z", 200)
                .replace("\"status\"", "\"headers\": {\"x-end-user\": \"bea\\u0000\"}, \"status\"");

        // When
        CallBatchParser.Batch batch =
                parser.parseArray(bytes("[" + good + "," + nulSubject + "," + nulPath + "," + nulHeader + "]"));

        // Then
        assertThat(batch.records()).hasSize(1);
        assertThat(batch.errors())
                .extracting(CallBatchParser.RecordError::detail)
                .containsExactly(
                        "identity.subject carries a control character (U+0000 at 4)",
                        "api.path carries a control character (U+0000 at 12)",
                        "headers.x-end-user carries a control character (U+0000 at 3)");
    }

    @Test
    void aSingleKafkaRecordIsParsedOrRefusedWithItsReason() {
        assertThat(parser.parseOne(record("a", "2026-11-22T09:00:00Z", 200)).status())
                .isEqualTo(200);
        assertThatThrownBy(() -> parser.parseOne("{\"status\": 200}"))
                .isInstanceOf(CallBatchParser.InvalidRecordException.class)
                .hasMessage("id is required");
        assertThatThrownBy(() -> parser.parseOne("[1, 2, 3]"))
                .isInstanceOf(CallBatchParser.InvalidRecordException.class);
        assertThatThrownBy(() -> parser.parseOne("\"a string\""))
                .isInstanceOf(CallBatchParser.InvalidRecordException.class);
    }

    @Test
    void utf8LengthCountsWhatTheWireCarries() {
        for (String text : new String[] {"", "plain", "caf\u00e9", "\u20ac", "\ud83d\ude00"}) {
            assertThat(CallBatchParser.utf8Length(text))
                    .as(text)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    static String record(String suffix, String timestamp, int status) {
        UUID id = UUID.nameUUIDFromBytes(suffix.getBytes(StandardCharsets.UTF_8));
        return """
                {"id": "%s", "timestamp": "%s", "durationMicros": 900,
                 "api": {"host": "api.fintech.example", "method": "GET", "path": "/accounts/1044"},
                 "status": %d, "requestBytes": 0, "responseBytes": 10}""".formatted(id, timestamp, status).replace("\n", " ");
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
