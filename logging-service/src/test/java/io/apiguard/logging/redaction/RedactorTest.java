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
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.TestCalls;
import io.apiguard.logging.TestConfig;

class RedactorTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGV4In0.c2lnbmF0dXJlLXZhbHVl";

    private final Redactor redactor = Redactor.of(TestConfig.defaults().redaction());

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
        assertThat(result.call().headers())
                .containsEntry("authorization", Redactor.MASK)
                .containsEntry("Cookie", Redactor.MASK)
                .containsEntry("x-api-key", Redactor.MASK)
                .containsEntry("x-request-id", "r-1")
                .containsEntry("x-debug", "token " + masked(JWT));
        assertThat(result.redactions())
                .containsExactlyInAnyOrder(
                        "header:authorization", "header:cookie", "header:x-api-key", "token:header:x-debug");
        assertThat(result.call().toString()).doesNotContain(JWT, "abc123", "ak-reporting-robot-0001");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Api-Key",
                "X-Access-Token",
                "X-Goog-Api-Key",
                "apiKey",
                "X-APIKEY",
                "Private-Token",
                "X-Auth-Token",
                "X-Amz-Security-Token",
                "Proxy-Authorization",
                "X-Client-Secret",
                "Set-Cookie",
                "X-Session-Id",
                "X-Hub-Signature-256",
                "X-Csrf-Token",
                "X-Client-Credentials",
                "X-Passwd"
            })
    void headersAreMaskedByTheWordsOfTheirNames(String name) {
        Redactor.Result result = redactor.redact(call("/", null, null, Map.of(name, "value-of-" + name)));

        assertThat(result.call().headers()).containsEntry(name, Redactor.MASK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "access-token",
                "auth_token",
                "client_assertion",
                "accessToken",
                "apikey",
                "client_secret",
                "refresh_token",
                "id_token",
                "sessionid",
                "X-Amz-Signature",
                "X-Amz-Credential",
                "sig",
                "code",
                "password",
                "passwd",
                "pwd",
                "user%5Bpassword%5D",
                "ACCESS_TOKEN",
                "api%5Fkey",
                "otp"
            })
    void queryParametersAreMaskedByTheWordsOfTheirNames(String name) {
        Redactor.Result result = redactor.redact(call("/q", "a=1&" + name + "=s3cr3t-v4lue&b=2", null, Map.of()));

        assertThat(result.call().api().query()).isEqualTo("a=1&" + name + "=" + Redactor.MASK + "&b=2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"monkey", "keyword", "author", "page", "q", "sort", "from", "next_cursor", "state"})
    void ordinaryParameterNamesAreLeftAlone(String name) {
        ApiCallRecord call = call("/q", name + "=shoes", null, Map.of());

        assertThat(redactor.redact(call).call()).isSameAs(call);
    }

    @Test
    void sensitiveQueryParametersAndTokensAreMaskedWhateverTheirCase() {
        // Given
        ApiCallRecord call = call(
                "/search",
                "q=shoes&ACCESS_TOKEN=s3cr3t&api%5Fkey=k1&next=" + JWT + "&page=2",
                "app/1 (Bearer abc.def)",
                Map.of());

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().api().query())
                .isEqualTo("q=shoes&ACCESS_TOKEN=[REDACTED]&api%5Fkey=[REDACTED]&next=" + masked(JWT) + "&page=2");
        assertThat(result.call().source().userAgent()).isEqualTo("app/1 (Bearer [REDACTED])");
        assertThat(result.redactions())
                .containsExactlyInAnyOrder("query:access_token", "query:api_key", "token:query", "token:user-agent");
    }

    @Test
    void aPasswordWithSpacesIsMaskedWholeInQueryTextAndJson() {
        // Given
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-note", "user=dana; password=correct horse battery staple; role=admin");
        headers.put("x-login", "{\"user\":\"dana\",\"password\":\"correct horse battery staple\",\"n\":1}");
        headers.put("x-form", "user=dana&passwd=correct horse battery staple");
        headers.put("x-colon", "password: correct horse battery staple");
        ApiCallRecord call = call("/login", "password=correct+horse+battery+staple&user=dana", null, headers);

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().api().query()).isEqualTo("password=[REDACTED]&user=dana");
        assertThat(result.call().headers())
                .containsEntry("x-note", "user=dana; password=[REDACTED]; role=admin")
                .containsEntry("x-login", "{\"user\":\"dana\",\"password\":\"[REDACTED]\",\"n\":1}")
                .containsEntry("x-form", "user=dana&passwd=[REDACTED]")
                .containsEntry("x-colon", "password: [REDACTED]");
        assertThat(result.call().toString()).doesNotContain("horse", "battery", "staple");
    }

    @Test
    void jsonValuesAreParsedAndMaskedFieldByFieldWhateverTheirTypeOrDepth() {
        // Given
        String document = "{\"type\":\"service_account\",\"credentials\":{\"user\":\"u\",\"pass\":\"p\"},"
                + "\"items\":[{\"apiKey\":12345},{\"note\":\"uses " + JWT + "\"},{\"pan\":4111111111111111}],"
                + "\"session\":null}";
        ApiCallRecord call = call("/j", null, null, Map.of("x-doc", document));

        // When
        String redacted = redactor.redact(call).call().headers().get("x-doc");

        // Then
        assertThat(redacted)
                .isEqualTo("{\"type\":\"service_account\",\"credentials\":\"[REDACTED]\","
                        + "\"items\":[{\"apiKey\":\"[REDACTED]\"},{\"note\":\"uses " + masked(JWT) + "\"},"
                        + "{\"pan\":\"[card-1111]\"}],\"session\":null}");
    }

    @Test
    void jsonThatDoesNotParseIsStillScannedAsText() {
        // Given: cut off, and nested beyond what is parsed
        ApiCallRecord cut = call("/j", null, null, Map.of("x-doc", "{\"password\":\"correct horse battery staple\","));
        String deep = "{\"a\":".repeat(40) + "{\"password\":\"hunter 2\"}" + "}".repeat(40);
        ApiCallRecord nested = call("/j", null, null, Map.of("x-doc", deep));

        // Then
        assertThat(redactor.redact(cut).call().headers().get("x-doc")).isEqualTo("{\"password\":\"[REDACTED]\",");
        assertThat(redactor.redact(nested).call().headers().get("x-doc")).doesNotContain("hunter");
    }

    @Test
    void percentEncodedQueryValuesAreDecodedScannedAndEncodedAgain() {
        // Given
        ApiCallRecord call = call(
                "/q",
                "filter=%7B%22password%22%3A%22hunter%202%22%7D&repo=https%3A%2F%2Fci%3A"
                        + "Sup3rS3cret%40git.example.com",
                null,
                Map.of());

        // When
        String query = redactor.redact(call).call().api().query();

        // Then
        assertThat(query)
                .doesNotContain("hunter", "Sup3rS3cret")
                .startsWith("filter=%7B%22password%22%3A%22%5BREDACTED%5D%22%7D&repo=");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "sk_live_51HqLyjWDarjtT1zdp7dcXfT8",
                "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R",
                "glpat-xZ8kP2mQ9vL4nR7tY1wB",
                "xoxb-123456789012-1234567890123-AbCdEfGhIjKl",
                "AKIA2E0A8F3B244C9986",
                "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
                "ya29.a0AfH6SMBx3kY9pLq2Wn8Rt5Vz1Cd4",
                JWT,
                "Zx8Qp3Lm9Rt2Vw7Yk4Hn6Bj1Gf5Dc0Sa3Ue8Io2Pq"
            })
    void tokenShapedPathSegmentsAreMaskedByFingerprintAndStayDistinctObjects(String token) {
        // Given: the template and the objects come from the raw path, before redaction
        String path = "/v1/keys/" + token + "/rotate";
        ApiCallRecord call = withObjects(call(path, null, null, Map.of()), PathTemplates.objects(path));

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().api().path()).isEqualTo("/v1/keys/" + masked(token) + "/rotate");
        assertThat(result.call().objects()).containsExactly(new ApiCallRecord.ObjectRef("keys", masked(token)));
        assertThat(PathTemplates.template(path)).isEqualTo("/v1/keys/{id}/rotate");
        assertThat(result.redactions()).contains("token:path", "token:object");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource({
        // a known prefix and its least tail, base64 padding counting towards it, the shortest JWT, a random run
        "k_, 40, k_abcdefghij",
        "k_, 40, k_abcdefghi=",
        ", 40, eyJhbGciOi.eyJzdWIi.c2ln",
        ", 16, Zx8Qp3Lm9Rt2Vw7Y"
    })
    void theShortestRunEachRuleMasksIsMaskedAndOneCharacterLessIsNot(String prefix, int minTokenLength, String token) {
        // Given: a redactor whose shortest secret is the one of the rule under test
        LoggingConfig.Redaction defaults = TestConfig.defaults().redaction();
        Redactor shortest = new Redactor(
                defaults.namePatterns(),
                defaults.headers(),
                defaults.fields(),
                prefix == null ? List.of() : List.of(prefix),
                minTokenLength,
                3.5,
                false);
        String shorter = token.substring(0, token.length() - 1);

        // When
        String path = shortest.redact(call("/v1/keys/" + token + "/rotate", null, null, Map.of()))
                .call()
                .api()
                .path();
        String shorterPath = shortest.redact(call("/v1/keys/" + shorter + "/rotate", null, null, Map.of()))
                .call()
                .api()
                .path();

        // Then
        assertThat(path).isEqualTo("/v1/keys/" + masked(token) + "/rotate");
        assertThat(shorterPath).isEqualTo("/v1/keys/" + shorter + "/rotate");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/orders/550e8400-e29b-41d4-a716-446655440000, /orders/{id}",
        "/orders/550E8400-E29B-41D4-A716-446655440000, /orders/{id}",
        "/commits/3f786850e387550fdab836ed7e6dc881de23001b, /commits/{id}",
        "/customers/cus_4fdAW5ftNQow1a, /customers/cus_4fdAW5ftNQow1a",
        "/reports/QuarterlyRevenueByRegionAndProduct2024Final, /reports/{id}",
        "/items/01ARZ3NDEKTSV4RRFFQ69G5FAV, /items/{id}",
        "/v1/accounts/1044/statements, /v1/accounts/{id}/statements",
        "/orders/4111111111111112, /orders/{id}",
        "/reports/2026-11-22, /reports/2026-11-22"
    })
    void ordinaryIdsAreNeitherMaskedNorKeptFromTemplating(String path, String template) {
        // Given
        ApiCallRecord call = withObjects(
                call(
                        path,
                        "from=2026-11-01&monkey=1&keyword=shoes",
                        "fintech-app/4.2",
                        Map.of(
                                "x-request-id",
                                "550e8400-e29b-41d4-a716-446655440000",
                                "traceparent",
                                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                                "user-agent",
                                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                        + "Chrome/120.0.0.0 Safari/537.36")),
                PathTemplates.objects(path));

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call()).isSameAs(call);
        assertThat(result.redactions()).isEmpty();
        assertThat(PathTemplates.template(path)).isEqualTo(template);
    }

    @Test
    void cardNumbersAreMaskedInPathObjectsAndQueryKeepingTheLastFourDigits() {
        // Given: 4111 1111 1111 1111 and 5500-0000-0000-0004 pass Luhn
        ApiCallRecord call =
                call("/cards/4111111111111111/charges", "pan=5500-0000-0000-0004&amount=1999", null, Map.of());
        call = withObjects(call, List.of(new ApiCallRecord.ObjectRef("cards", "4111111111111111")));

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().api().path()).isEqualTo("/cards/[card-1111]/charges");
        assertThat(result.call().api().query()).isEqualTo("pan=[card-0004]&amount=1999");
        assertThat(result.call().objects()).containsExactly(new ApiCallRecord.ObjectRef("cards", "[card-1111]"));
        assertThat(result.redactions())
                .containsExactlyInAnyOrder("card-number:path", "card-number:query", "card-number:object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/orders/4111111111111112", // fails Luhn: an ordinary long id
        "/orders/411111111111", // 12 digits: too short for a card
        "/orders/41111111111111111111", // 20 digits: too long for a card
        "/reports/2026-11-22",
        "/v1/accounts/1044/statements",
        "/v1/projects/p1/tokens:revoke" // a custom method after a sensitive word is no name=value
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
    void namedFieldsInsideFreeTextAndMatrixParametersAreMasked() {
        // Given: a JSON header value and a path parameter
        ApiCallRecord call = call(
                "/login;password=hunter2/next",
                null,
                null,
                Map.of("x-payload", "{\"user\":\"dana\",\"password\":\"hunter2\"}"));

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().toString()).doesNotContain("hunter2");
        assertThat(result.call().api().path()).isEqualTo("/login;password=[REDACTED]/next");
        assertThat(result.call().headers().get("x-payload"))
                .isEqualTo("{\"user\":\"dana\",\"password\":\"[REDACTED]\"}");
    }

    @Test
    void privateKeyBlocksAreMaskedThroughTheirEndMarker() {
        // Given
        ApiCallRecord call = call(
                "/k",
                null,
                null,
                Map.of(
                        "x-blob",
                        "key: -----BEGIN EC PRIVATE KEY----- MHcCAQEEIBk -----END EC PRIVATE KEY----- done",
                        "x-cert",
                        "-----BEGIN CERTIFICATE----- MIIBszCCAVmgAwIBAgI -----END CERTIFICATE-----"));

        // When
        Redactor.Result result = redactor.redact(call);

        // Then: a certificate is public and kept
        assertThat(result.call().headers().get("x-blob")).isEqualTo("key: [REDACTED] done");
        assertThat(result.call().headers().get("x-cert")).contains("MIIBszCCAVmgAwIBAgI");
    }

    @Test
    void theCorpusLeavesNothingBehind() throws JsonProcessingException {
        List<SecretCorpus.Placement> corpus = SecretCorpus.placements();
        for (SecretCorpus.Placement placement : corpus) {
            // When
            String redacted = EventJson.mapper()
                    .writeValueAsString(redactor.redact(placement.call()).call());

            // Then
            assertThat(redacted).as(placement.where()).doesNotContain(placement.needles());
        }
        assertThat(SecretCorpus.size(corpus)).isGreaterThan(50);
    }

    @Test
    void ibansNationalIdsAndEmailsInTheQueryAreMaskedByClass() {
        // Given
        ApiCallRecord call =
                call("/transfers", "to=DE89370400440532013000&ref=123-45-6789&cc=bob%40example.com", "ua", Map.of());

        // When
        Redactor.Result result = redactor.redact(call);

        // Then
        assertThat(result.call().api().query())
                .doesNotContain("DE89370400440532013000", "123-45-6789", "bob")
                .contains("[REDACTED:iban]", "[REDACTED:national-id]");
        assertThat(result.redactions()).contains("iban:query", "national-id:query", "email:query");
    }

    @Test
    void inspectionFindingsAreMaskedInTheirLocationAndReason() {
        // Given a finding whose reason quotes the card number and e-mail it saw
        ApiCallRecord plain = call("/orders", null, "ua", Map.of());
        ApiCallRecord call = TestCalls.inspected(
                plain,
                new ApiCallRecord.Inspection(
                        true,
                        false,
                        "createOrder",
                        List.of(
                                new ApiCallRecord.Violation(
                                        "spec",
                                        "unknown-property",
                                        "body/notes",
                                        "unexpected value 4111 1111 1111 1111 for alice@example.com"),
                                new ApiCallRecord.Violation("signature", "xss", "query.q", "script tag"))),
                List.of("card-number"));

        // When
        Redactor.Result result = redactor.redact(call);

        // Then the first reason is masked, the second kept as it was, and the data classes carried through
        ApiCallRecord.Inspection inspection = result.call().inspection();
        assertThat(inspection.violations().get(0).reason())
                .isEqualTo("unexpected value [card-1111] for [REDACTED:email]");
        assertThat(inspection.violations().get(1))
                .isSameAs(call.inspection().violations().get(1));
        assertThat(inspection.operation()).isEqualTo("createOrder");
        assertThat(result.call().dataClasses()).containsExactly("card-number");
        assertThat(result.redactions()).contains("card-number:violation", "email:violation");
    }

    @Test
    void aTargetAccountIsKeptAsAKeyedFingerprintAndDroppedWhenItIsANameInClear() {
        // Given a sidecar's login record, and another producer's naming the account in clear
        ApiCallRecord plain = call("/login", null, "ua", Map.of());
        ApiCallRecord keyed = TestCalls.inspected(
                plain, new ApiCallRecord.Inspection(true, false, null, List.of(), "hmac:0123456789abcdef"), List.of());
        ApiCallRecord clear = TestCalls.inspected(
                plain, new ApiCallRecord.Inspection(true, false, null, List.of(), "alice@example.com"), List.of());

        // When
        Redactor.Result keptResult = redactor.redact(keyed);
        Redactor.Result droppedResult = redactor.redact(clear);

        // Then
        assertThat(keptResult.call().inspection().targetAccount()).isEqualTo("hmac:0123456789abcdef");
        assertThat(droppedResult.call().inspection().targetAccount()).isNull();
        assertThat(droppedResult.call().inspection().bodyInspected()).isTrue();
        assertThat(droppedResult.redactions()).contains("target-account:inspection");
    }

    @Test
    void aCallWithCleanFindingsComesBackAsTheSameInstance() {
        ApiCallRecord plain = call("/orders", null, "ua", Map.of());
        ApiCallRecord call = TestCalls.inspected(
                plain,
                new ApiCallRecord.Inspection(
                        true,
                        false,
                        null,
                        List.of(new ApiCallRecord.Violation("signature", "xss", "query.q", "script tag"))),
                List.of());
        assertThat(redactor.redact(call).call()).isSameAs(call);
    }

    private static String masked(String token) {
        return "[REDACTED:" + Fingerprints.of(token) + "]";
    }

    private static ApiCallRecord call(String path, String query, String userAgent, Map<String, String> headers) {
        return new ApiCallRecord(
                UUID.randomUUID(),
                Instant.parse("2026-11-22T10:00:00Z"),
                1_000,
                new ApiCallRecord.Api("api.fintech.example", "GET", path, query, null, null),
                new ApiCallRecord.Source("203.0.113.7", List.of(), userAgent),
                null,
                Identity.anonymous(),
                200,
                0,
                10,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null,
                headers);
    }

    private static ApiCallRecord withObjects(ApiCallRecord call, List<ApiCallRecord.ObjectRef> objects) {
        return new ApiCallRecord(
                call.id(),
                call.timestamp(),
                call.durationMicros(),
                call.api(),
                call.source(),
                call.destination(),
                call.identity(),
                call.status(),
                call.requestBytes(),
                call.responseBytes(),
                objects,
                call.decision(),
                call.traceId(),
                call.headers());
    }
}
