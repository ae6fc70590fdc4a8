package io.apiguard.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.TestConfig;

class RecordValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final LoggingConfig CONFIG = TestConfig.defaults();

    private final RecordValidator validator =
            new RecordValidator(CONFIG.ingest(), Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anOrdinaryRecordIsValid() {
        assertThat(validator.problem(call(UnaryOperator.identity()))).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "PROPFIND", "M-SEARCH", "X_CUSTOM"})
    void methodTokensAreAccepted(String method) {
        assertThat(validator.problem(call(api -> api.method(method)))).isNull();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"GET /admin", "GE\"T", "G(E)T", "Ünicode", "AVERYVERYVERYVERYVERYLONGMETHODNAME"})
    void aMethodThatIsNotAnHttpTokenIsRefused(String method) {
        assertThat(validator.problem(call(api -> api.method(method)))).startsWith("api.method must be an HTTP method");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"203.0.113.7", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::7", "::ffff:192.0.2.1", "fe80::1"
            })
    void ipLiteralsAreAccepted(String ip) {
        assertThat(RecordValidator.isIpLiteral(ip)).isTrue();
        assertThat(validator.problem(call(api -> api.clientIp(ip)))).isNull();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "",
                "localhost",
                "example.com",
                "256.1.1.1",
                "1.2.3",
                "1.2.3.4.5",
                "01.2.3.4",
                "1.2.3.4:80",
                "[::1]",
                "2001:db8::g",
                "1:2:3:4:5:6:7:8:9",
                "::1%eth0",
                "1.2.3.-4",
                "+1.2.3.4"
            })
    void anythingButAnIpLiteralIsRefusedAsTheClientAddress(String ip) {
        assertThat(validator.problem(call(api -> api.clientIp(ip))))
                .isEqualTo("source.clientIp must be an IP address literal");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "host, api.host",
        "path, api.path",
        "query, api.query",
        "template, api.pathTemplate",
        "apiId, api.apiId",
        "userAgent, source.userAgent",
        "forwardedFor, source.forwardedFor[0]",
        "service, destination.service",
        "pod, destination.pod",
        "subject, identity.subject",
        "role, identity.roles[0]",
        "objectId, objects[0].objectId",
        "ruleId, decision.ruleId",
        "traceId, traceId",
        "header, headers.x-end-user"
    })
    void aControlCharacterInAnyStoredTextIsRefusedNamingTheFieldNotTheValue(String field, String named) {
        for (String control : List.of("\u0000", "\n", "\u001b", "\u007f", "\u0085")) {
            String problem = validator.problem(call(api -> api.set(field, "ab" + control + "c")));
            assertThat(problem)
                    .as(field)
                    .isEqualTo(String.format(
                            "%s carries a control character (U+%04X at 2)", named, (int) control.charAt(0)));
        }
    }

    @Test
    void aTabIsAllowedInHeaderValuesAndTheUserAgentOnly() {
        assertThat(validator.problem(call(api -> api.set("header", "a\tb")))).isNull();
        assertThat(validator.problem(call(api -> api.set("userAgent", "a\tb")))).isNull();
        assertThat(validator.problem(call(api -> api.set("path", "/a\tb")))).contains("control character");
    }

    @Test
    void aLoneSurrogateIsRefused() {
        assertThat(validator.problem(call(api -> api.set("subject", "alex\ud800"))))
                .isEqualTo("identity.subject is not valid Unicode (a lone surrogate at 4)");
        assertThat(validator.problem(call(api -> api.set("subject", "\udc00x"))))
                .contains("lone surrogate at 0");
        assertThat(validator.problem(call(api -> api.set("subject", "emoji \ud83d\ude00"))))
                .isNull();
    }

    @Test
    void textsBeyondTheirBoundsAreRefused() {
        assertThat(validator.problem(call(api -> api.set("path", "/" + "a".repeat(8_192)))))
                .isEqualTo("api.path is 8193 characters long, over the limit of 8192");
        assertThat(validator.problem(call(api -> api.set("query", "q=" + "a".repeat(8_191)))))
                .contains("api.query");
        assertThat(validator.problem(call(api -> api.set("header", "v".repeat(8_193)))))
                .contains("headers.x-end-user");
        assertThat(validator.problem(call(api -> api.set("subject", "s".repeat(1_025)))))
                .contains("identity.subject");
        assertThat(validator.problem(call(api -> api.set("path", "/" + "a".repeat(8_191)))))
                .isNull();
    }

    @Test
    void rolesAndHeadersBeyondTheirCapsAreRefused() {
        assertThat(validator.problem(call(api -> api.roles(65))))
                .isEqualTo("identity.roles holds 65 roles, over the limit of 64");
        assertThat(validator.problem(call(api -> api.headers(65))))
                .isEqualTo("headers holds 65 headers, over the limit of 64");
        assertThat(validator.problem(call(api -> api.roles(64)))).isNull();
        assertThat(validator.problem(call(api -> api.header("bad name", "x")))).startsWith("headers: a header name");
    }

    @Test
    void objectsBeyondTheCapAreNotCheckedSinceTheNormalizerDropsThem() {
        // Given: 64 fine objects, then one with a control character that will never be stored
        assertThat(validator.problem(call(api -> api.objects(64, "ok\u0000")))).isNull();
        assertThat(validator.problem(call(api -> api.objects(3, "ok\u0000"))))
                .isEqualTo("objects[3].objectId carries a control character (U+0000 at 2)");
    }

    /** A record to vary one field of. */
    private static ApiCallRecord call(UnaryOperator<Draft> change) {
        return change.apply(new Draft()).build();
    }

    /** The fields of a sidecar's record, as plain values a test can change. */
    private static final class Draft {
        private final Map<String, String> text = new HashMap<>(Map.of(
                "host",
                "api.example",
                "method",
                "GET",
                "path",
                "/accounts/1044",
                "clientIp",
                "203.0.113.7",
                "subject",
                "alex@example.com",
                "pod",
                "accounts-0",
                "service",
                "accounts"));
        private final Map<String, String> headers = new HashMap<>();
        private List<String> roles = List.of("reader");
        private List<ApiCallRecord.ObjectRef> objects = List.of();

        Draft method(String value) {
            return set("method", value);
        }

        Draft clientIp(String value) {
            return set("clientIp", value);
        }

        Draft set(String field, String value) {
            switch (field) {
                case "role" -> roles = List.of(value);
                case "objectId" -> objects = List.of(new ApiCallRecord.ObjectRef("accounts", value));
                case "header" -> headers.put("x-end-user", value);
                default -> text.put(field, value);
            }
            return this;
        }

        Draft roles(int count) {
            roles = IntStream.range(0, count).mapToObj(i -> "role-" + i).toList();
            return this;
        }

        Draft headers(int count) {
            IntStream.range(0, count).forEach(i -> headers.put("x-h-" + i, "v"));
            return this;
        }

        Draft header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Draft objects(int good, String lastId) {
            List<ApiCallRecord.ObjectRef> refs = new java.util.ArrayList<>(
                    Collections.nCopies(good, new ApiCallRecord.ObjectRef("accounts", "1044")));
            refs.add(new ApiCallRecord.ObjectRef("accounts", lastId));
            objects = refs;
            return this;
        }

        ApiCallRecord build() {
            Identity identity = new Identity(
                    text.get("subject"),
                    null,
                    PrincipalType.USER,
                    AuthMethod.JWT,
                    null,
                    null,
                    roles,
                    "sha256:0123456789abcdef",
                    true);
            List<String> forwardedFor =
                    text.containsKey("forwardedFor") ? List.of(text.get("forwardedFor")) : List.of();
            return new ApiCallRecord(
                    UUID.randomUUID(),
                    NOW.minusSeconds(5),
                    100,
                    new ApiCallRecord.Api(
                            text.get("host"),
                            text.get("method"),
                            text.get("path"),
                            text.get("query"),
                            text.get("template"),
                            text.get("apiId")),
                    new ApiCallRecord.Source(text.get("clientIp"), forwardedFor, text.get("userAgent")),
                    new ApiCallRecord.Destination(text.get("service"), "payments", text.get("pod")),
                    identity,
                    200,
                    0,
                    0,
                    objects,
                    new ApiCallRecord.Decision(io.apiguard.common.events.DecisionOutcome.ALLOWED, text.get("ruleId")),
                    text.get("traceId"),
                    headers);
        }
    }
}
