package io.apiguard.logging.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;

class RedactorTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGV4In0.c2lnbmF0dXJlLXZhbHVl";

    private final Redactor redactor = new Redactor(List.of("Authorization", "Cookie", "X-API-Key"),
            List.of("access_token", "api_key", "password"), true);

    @Test
    void credentialHeadersAreMaskedAndOtherHeadersScanned() {
        // Given
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + JWT);
        headers.put("Cookie", "session=abc123");
        headers.put("x-api-key", "ak-reporting-robot-0001");
        headers.put("x-request-id", "r-1");
        headers.put("x-debug", "token " + JWT);
        ApiCallRecord call = call("/accounts/7", null, "curl/8", headers);

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().headers()).containsEntry("authorization", Redactor.MASK)
                .containsEntry("Cookie", Redactor.MASK)
                .containsEntry("x-api-key", Redactor.MASK)
                .containsEntry("x-request-id", "r-1")
                .containsEntry("x-debug", "token " + Redactor.MASK);
        assertThat(result.redactions()).containsExactlyInAnyOrder("header:authorization", "header:cookie", "header:x-api-key",
                "token:header:x-debug");
        assertThat(result.call().toString()).doesNotContain(JWT, "abc123", "ak-reporting-robot-0001");
    }

    @Test
    void sensitiveQueryParametersAndTokensAreMaskedWhateverTheirCase() {
        // Given
        ApiCallRecord call = call("/search", "q=shoes&ACCESS_TOKEN=s3cr3t&api%5Fkey=k1&next=" + JWT + "&page=2",
                "app/1 (Bearer abc.def)", Map.of());

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().api().query())
                .isEqualTo("q=shoes&ACCESS_TOKEN=[REDACTED]&api%5Fkey=[REDACTED]&next=[REDACTED]&page=2");
        assertThat(result.call().source().userAgent()).isEqualTo("app/1 ([REDACTED])");
        assertThat(result.redactions()).containsExactlyInAnyOrder("query:access_token", "query:api_key",
                "token:query", "token:user-agent");
    }

    @Test
    void cardNumbersAreMaskedInPathObjectsAndQueryKeepingTheLastFourDigits() {
        // Given: 4111 1111 1111 1111 and 5500-0000-0000-0004 pass Luhn
        ApiCallRecord call = call("/cards/4111111111111111/charges", "pan=5500-0000-0000-0004&amount=1999", null,
                Map.of());
        call = withObjects(call, List.of(new ApiCallRecord.ObjectRef("cards", "4111111111111111")));

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().api().path()).isEqualTo("/cards/[card-1111]/charges");
        assertThat(result.call().api().query()).isEqualTo("pan=[card-0004]&amount=1999");
        assertThat(result.call().objects()).containsExactly(new ApiCallRecord.ObjectRef("cards", "[card-1111]"));
        assertThat(result.redactions()).containsExactlyInAnyOrder("card-number:path", "card-number:query",
                "card-number:object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/orders/4111111111111112",      // fails Luhn: an ordinary long id
        "/orders/411111111111",          // 12 digits: too short for a card
        "/orders/41111111111111111111",  // 20 digits: too long for a card
        "/reports/2026-11-22",
        "/v1/accounts/1044/statements"
    })
    void whatIsNotACardOrSecretIsLeftAsItWas(String path) {
        // Given
        ApiCallRecord call = call(path, "from=2026-11-01&monkey=1", "fintech-app/4.2", Map.of());

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call()).isSameAs(call);
        assertThat(result.redactions()).isEmpty();
    }

    @Test
    void namedFieldsInsideFreeTextAreMasked() {
        // Given: a JSON header value and a path parameter
        ApiCallRecord call = call("/login;password=hunter2", null, null,
                Map.of("x-payload", "{\"user\":\"dana\",\"password\":\"hunter2\"}"));

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().toString()).doesNotContain("hunter2");
        assertThat(result.call().headers().get("x-payload")).isEqualTo("{\"user\":\"dana\",\"password\":\"[REDACTED]\"}");
    }

    private static ApiCallRecord call(String path, String query, String userAgent, Map<String, String> headers) {
        return new ApiCallRecord(UUID.randomUUID(), Instant.parse("2026-11-22T10:00:00Z"), 1_000,
                new ApiCallRecord.Api("api.fintech.example", "GET", path, query, null, null),
                new ApiCallRecord.Source("203.0.113.7", List.of(), userAgent), null, Identity.anonymous(), 200, 0, 10,
                List.of(), ApiCallRecord.Decision.allowed(), null, headers);
    }

    private static ApiCallRecord withObjects(ApiCallRecord call, List<ApiCallRecord.ObjectRef> objects) {
        return new ApiCallRecord(call.id(), call.timestamp(), call.durationMicros(), call.api(), call.source(),
                call.destination(), call.identity(), call.status(), call.requestBytes(), call.responseBytes(), objects,
                call.decision(), call.traceId(), call.headers());
    }
}
