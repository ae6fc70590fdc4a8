package io.apiguard.sidecar.rules;

import static io.apiguard.sidecar.rules.RuleEvaluatorTest.NOW_MILLIS;
import static io.apiguard.sidecar.rules.RuleEvaluatorTest.evaluator;
import static io.apiguard.sidecar.rules.RuleEvaluatorTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.inspect.RequestContent;

/** Payload signature rules over every part of a call: headers, cookies and bodies as well as the URI. */
class PayloadInspectionTest {

    private final RuleEvaluator evaluator = evaluator(List.of(
            signatureRule("block-sqli", "sql-injection", RuleAction.BLOCK, RuleMode.ENFORCE),
            signatureRule("block-xss", "xss", RuleAction.BLOCK, RuleMode.ENFORCE),
            signatureRule("watch-jndi", "jndi-lookup", RuleAction.BLOCK, RuleMode.MONITOR),
            signatureRule("block-malformed", "malformed-body", RuleAction.BLOCK, RuleMode.ENFORCE)));

    static EnforcementRule signatureRule(String id, String signature, RuleAction action, RuleMode mode) {
        return rule(id, new EnforcementRule.Match(null, null, null, null, null, null, signature), action, mode);
    }

    static CallFacts post(Map<String, List<String>> headers, String contentType, String body) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return new CallFacts(
                "alice",
                null,
                "203.0.113.9",
                "api-orders",
                "POST",
                "/orders",
                "/orders",
                null,
                null,
                new RequestContent(headers, contentType, bytes, bytes == null ? 0 : bytes.length, false));
    }

    private EnforcementDecision decide(CallFacts facts) {
        return evaluator.evaluate(facts, NOW_MILLIS, 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a JSON value | application/json | {\"order\":{\"note\":\"x' OR '1'='1\"}} | body/order/note",
                "a JSON property name | application/json | {\"x' OR '1'='1\":1} | body/x' OR '1'='1",
                "a form field | application/x-www-form-urlencoded | name=bob&note=x%27+OR+%271%27%3D%271 | body/note",
                "a text body | text/plain | 1; DROP TABLE users | body",
            })
    void anInjectionInTheBodyIsBlockedWithItsLocation(String label, String type, String body, String location) {
        EnforcementDecision decision = decide(post(Map.of(), type, body));

        assertThat(decision.outcome()).isEqualTo(EnforcementDecision.Outcome.BLOCK);
        assertThat(decision.ruleId()).isEqualTo("block-sqli");
        ApiCallRecord.Violation violation = decision.violation();
        assertThat(violation.kind()).isEqualTo("signature");
        assertThat(violation.id()).isEqualTo("sql-injection");
        assertThat(violation.location()).isEqualTo(location);
        assertThat(decision.problemJson("req-1"))
                .contains("\"signature\":\"sql-injection\"")
                .contains("\"location\":");
    }

    @Test
    void anInjectionInAMultipartFieldIsBlocked() {
        String body = "--xx\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n<script>alert(1)</script>\r\n"
                + "--xx--\r\n";

        EnforcementDecision decision = decide(post(Map.of(), "multipart/form-data; boundary=xx", body));

        assertThat(decision.ruleId()).isEqualTo("block-xss");
        assertThat(decision.violation().location()).isEqualTo("body/comment");
    }

    @Test
    void anInjectionInAHeaderOrACookieIsBlocked() {
        Map<String, List<String>> header = Map.of("x-search", List.of("<svg onload=alert(1)>"));
        Map<String, List<String>> cookie =
                Map.of("cookie", List.of("theme=dark; pref=%3Cscript%3Ealert(1)%3C/script%3E"));

        assertThat(decide(post(header, null, null)).violation().location()).isEqualTo("header.x-search");
        assertThat(decide(post(cookie, null, null)).violation().location()).isEqualTo("cookie.pref");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "behind an invalid escape | %zz%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                "triple encoded | %25253Cscript%25253Ealert(1)%25253C%25252Fscript%25253E",
                "overlong UTF-8 | %c0%bcscript%c0%bealert(1)%c0%bc/script%c0%be",
                "%u escapes | %u003Cscript%u003Ealert(1)%u003C/script%u003E",
                "HTML entities | &lt;script&gt;alert(1)&lt;/script&gt;",
                "decimal and hex entities | &#60;script&#x3e;alert(1)&#60/script&#62",
            })
    void theSamePayloadBehindEachEvasionIsBlocked(String label, String payload) {
        Map<String, List<String>> headers = Map.of("x-note", List.of(payload));

        assertThat(decide(post(headers, null, null)).ruleId()).isEqualTo("block-xss");
        assertThat(decide(post(Map.of(), "application/x-www-form-urlencoded", "note=" + payload))
                        .ruleId())
                .isEqualTo("block-xss");
        CallFacts inQuery = new CallFacts("alice", null, "203.0.113.9", null, "GET", "/s", "/s", "q=" + payload);
        assertThat(decide(inQuery).ruleId()).isEqualTo("block-xss");
    }

    @Test
    void aMonitoredSignatureForwardsAndStillSaysWhere() {
        EnforcementDecision decision =
                decide(post(Map.of("user-agent", List.of("${${lower:j}ndi:ldap://x/a}")), null, null));

        assertThat(decision.outcome()).isEqualTo(EnforcementDecision.Outcome.MONITORED);
        assertThat(decision.forwards()).isTrue();
        assertThat(decision.violation().id()).isEqualTo("jndi-lookup");
        assertThat(decision.violation().location()).isEqualTo("header.user-agent");
    }

    @Test
    void aMalformedBodyIsBlockedByARuleThatNamesIt() {
        EnforcementDecision decision = decide(post(Map.of(), "application/json", "{\"a\":\"b\""));

        assertThat(decision.ruleId()).isEqualTo("block-malformed");
        assertThat(decision.violation().id()).isEqualTo("malformed-body");
        assertThat(decision.violation().location()).isEqualTo("body");
    }

    @Test
    void aBenignRequestWithABigHonestBodyIsForwarded() {
        // Given: about 60 KB of ordinary order JSON with names, addresses, prices and notes
        StringBuilder body = new StringBuilder("{\"orders\":[");
        for (int i = 0; i < 250; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"ord_")
                    .append(i)
                    .append("\",\"customer\":\"Mary-Jane O'Brien\",\"address\":\"Flat 3, 27 St. Stephen's Green,")
                    .append(" Dublin 2\",\"total\":\"19.99 EUR; incl. VAT | shipping 3.50\",")
                    .append("\"note\":\"Please select the best option and ring twice (back door) - thanks!\",")
                    .append("\"qty\":")
                    .append(i % 7)
                    .append('}');
        }
        body.append("]}");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("accept", List.of("application/json, text/plain, */*"));
        headers.put("user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"));
        headers.put("cookie", List.of("session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln; theme=dark"));

        // When
        EnforcementDecision decision = decide(post(headers, "application/json", body.toString()));

        // Then
        assertThat(body.length()).isGreaterThan(50_000);
        assertThat(decision).isSameAs(EnforcementDecision.FORWARD);
    }

    @Test
    void aCallOfWhichOnlyTheUriIsKnownIsStillInspected() {
        CallFacts uriOnly =
                new CallFacts("alice", null, "203.0.113.9", null, "GET", "/s", "/s", "q=1%27%20OR%20%271%27%3D%271");

        assertThat(decide(uriOnly).violation().location()).isEqualTo("query.q");
    }
}
