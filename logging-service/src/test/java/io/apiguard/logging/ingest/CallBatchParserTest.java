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

class CallBatchParserTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final CallBatchParser parser = new CallBatchParser(Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

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
        assertThat(batch.errors()).extracting(CallBatchParser.RecordError::index).containsExactly(1, 2, 3, 4);
        assertThat(batch.errors().get(0).detail()).isEqualTo("status must be an HTTP status (100-599): 42");
        assertThat(batch.errors().get(2).detail()).contains("not null");
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
    void aRecordFromTheFutureBeyondTheClockSkewIsRefused() {
        // When
        CallBatchParser.Batch batch = parser.parseArray(bytes("[" + record("a", "2026-11-22T10:59:00Z", 200) + ","
                + record("b", "2026-11-22T11:01:00Z", 200) + "]"));

        // Then
        assertThat(batch.records()).hasSize(1);
        assertThat(batch.errors()).singleElement().satisfies(error -> assertThat(error.detail())
                .contains("2026-11-22T11:01:00Z lies in the future"));
    }

    @Test
    void aBodyThatIsNotAJsonArrayIsMalformedAsAWhole() {
        assertThatThrownBy(() -> parser.parseArray(bytes("{\"id\": 1}")))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> parser.parseArray(bytes("[" + record("a", "2026-11-22T09:00:00Z", 200) + ", {")))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parser.parseArray(bytes("call records, please")))
                .isInstanceOf(CallBatchParser.MalformedBatchException.class);
    }

    @Test
    void aSingleKafkaRecordIsParsedOrRefusedWithItsReason() {
        assertThat(parser.parseOne(record("a", "2026-11-22T09:00:00Z", 200)).status()).isEqualTo(200);
        assertThatThrownBy(() -> parser.parseOne("{\"status\": 200}"))
                .isInstanceOf(CallBatchParser.InvalidRecordException.class).hasMessage("id is required");
    }

    static String record(String suffix, String timestamp, int status) {
        UUID id = UUID.nameUUIDFromBytes(suffix.getBytes(StandardCharsets.UTF_8));
        return """
                {"id": "%s", "timestamp": "%s", "durationMicros": 900,
                 "api": {"host": "api.fintech.example", "method": "GET", "path": "/accounts/1044"},
                 "status": %d, "requestBytes": 0, "responseBytes": 10}""".formatted(
                id, timestamp, status).replace("\n", " ");
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
