package io.apiguard.bench.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.json.JsonMapper;

import io.apiguard.common.rules.PayloadSignatures;
import io.apiguard.common.rules.RuleSetDocument;

class FirewallCorpusTest {

    private static final String TEST_FILE = """
            ---
            meta:
              author: "bench"
            rule_id: 942100
            tests:
              - test_id: 1
                stages:
                  - input:
                      headers:
                        Host: localhost
                        User-Agent: "OWASP CRS test agent"
                        Content-Length: 15
                      method: POST
                      uri: "/post"
                      data: "var=1234 OR 1=1"
                    output:
                      log:
                        expect_ids: [942100]
              - test_id: 2
                stages:
                  - input:
                      headers:
                        Host: localhost
                      uri: "/get?var=hello"
                    output:
                      log:
                        no_expect_ids: [942100]
              - test_id: 3
                stages:
                  - input:
                      encoded_request: "R0VUIC8gSFRUUC8xLjENCg0K"
                    output:
                      log:
                        expect_ids: [942100]
            """;

    @Test
    void onlyStagesTheCrsExpectsToDetectBecomeAttacks(@TempDir Path crs) throws IOException {
        // Given a CRS checkout with one test file and the rule's paranoia section
        Path tests = Files.createDirectories(crs.resolve("tests/regression/tests/REQUEST-942-APPLICATION-ATTACK-SQLI"));
        Files.writeString(tests.resolve("942100.yaml"), TEST_FILE);
        Path rules = Files.createDirectories(crs.resolve("rules"));
        Files.writeString(rules.resolve("REQUEST-942-APPLICATION-ATTACK-SQLI.conf"), """
                SecRule TX:DETECTION_PARANOIA_LEVEL "@lt 1" "id:942011,phase:1,pass,nolog"
                SecRule REQUEST_COOKIES "@detectSQLi" \\
                    "id:942100,\\
                    phase:2"
                SecRule TX:DETECTION_PARANOIA_LEVEL "@lt 2" "id:942013,phase:1,pass,nolog"
                SecRule ARGS "@rx x" "id:942200,phase:2"
                """);

        // When
        Map<Integer, Integer> levels = CrsCorpusConverter.paranoiaLevels(rules);
        List<CorpusRequest> corpus = new CrsCorpusConverter(levels).convert(crs.resolve("tests/regression/tests"));

        // Then the negative test and the raw-bytes one are left out
        assertThat(levels).containsEntry(942100, 1).containsEntry(942200, 2);
        assertThat(corpus).singleElement().satisfies(request -> {
            assertThat(request.id()).isEqualTo("942100-1");
            assertThat(request.category()).isEqualTo("SQLi");
            assertThat(request.paranoiaLevel()).isEqualTo(1);
            assertThat(request.location()).isEqualTo("body");
            assertThat(request.body()).isEqualTo("var=1234 OR 1=1");
            // the client frames the body itself; go-ftw's content type completion is kept
            assertThat(request.headers())
                    .doesNotContainKey("Content-Length")
                    .containsEntry("Content-Type", "application/x-www-form-urlencoded");
        });
    }

    @Test
    void aCorpusReadsBackAsWritten(@TempDir Path dir) {
        // Given
        List<CorpusRequest> corpus = HonestTraffic.generate(20);

        // When
        CorpusRequest.write(dir.resolve("corpus.jsonl"), corpus);

        // Then
        assertThat(CorpusRequest.read(dir.resolve("corpus.jsonl"))).isEqualTo(corpus);
    }

    @Test
    void aMissingCorpusSaysWhichFile(@TempDir Path dir) {
        assertThatThrownBy(() -> CorpusRequest.read(dir.resolve("none.jsonl"))).hasMessageContaining("none.jsonl");
    }

    @Test
    void thePayloadLocationIsWhereTheTestPutsIt() {
        Map<String, String> plain = Map.of("Host", "localhost", "User-Agent", "OWASP CRS test agent");
        assertThat(CrsCorpusConverter.location(plain, "")).isEqualTo("uri");
        assertThat(CrsCorpusConverter.location(plain, "a=1' or '1'='1")).isEqualTo("body");
        assertThat(CrsCorpusConverter.location(Map.of("User-Agent", "() { :; }; /bin/cat /etc/passwd"), ""))
                .isEqualTo("headers");
        // a plain body beside a cookie is filler: the cookie carries the payload
        assertThat(CrsCorpusConverter.location(Map.of("Cookie", "x=java.lang.Runtime"), "test=value"))
                .isEqualTo("headers");
        assertThat(CrsCorpusConverter.location(Map.of("Referer", "http://a"), "<?xml version=\"1.0\"?><a/>"))
                .isEqualTo("body");
    }

    @Test
    void rulesFallIntoTheIssuesCategories() {
        assertThat(Category.ofRule(930100)).contains(Category.LFI);
        assertThat(Category.ofRule(934100)).contains(Category.NODE_JS);
        assertThat(Category.ofRule(934110)).contains(Category.SSRF);
        assertThat(Category.ofRule(934170)).contains(Category.PHP);
        assertThat(Category.ofRule(934150)).contains(Category.OTHER_INJECTION);
        assertThat(Category.ofRule(944150)).contains(Category.JAVA);
        assertThat(Category.ofRule(920100)).contains(Category.PROTOCOL);
        assertThat(Category.ofRule(951100)).isEmpty();
        assertThat(Category.ofLabel("Java/JNDI")).contains(Category.JAVA);
    }

    @Test
    void honestTrafficIsTheSameEveryRunAndValidJson() {
        List<CorpusRequest> first = HonestTraffic.generate(400);

        assertThat(HonestTraffic.generate(400)).isEqualTo(first);
        assertThat(first).hasSize(400).allMatch(CorpusRequest::honest);
        var json = JsonMapper.builder().build();
        assertThat(first.stream().filter(r -> !r.body().isEmpty()))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(json.readTree(r.body()).isObject()).isTrue());
        assertThat(first).anySatisfy(r -> assertThat(r.body()).contains("O'Brien"));
    }

    @Test
    void theBenchRuleSetBlocksOnEveryBuiltInSignatureAndIsValid() {
        var document = BenchRuleSet.document(java.time.Instant.parse("2026-01-01T00:00:00Z"));

        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(document);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.ruleSet().rules())
                .extracting(rule -> rule.match().payloadSignature())
                .containsExactlyInAnyOrderElementsOf(PayloadSignatures.BUILT_IN.keySet());
    }

    @Test
    void talliesCountBlocksRefusalsAndSilencePerCategoryAndLocation() {
        // Given two attacks and one honest call
        List<CorpusRequest> corpus = List.of(
                new CorpusRequest("a", "SQLi", 942100, 1, "uri", "GET", "/?q='", Map.of(), ""),
                new CorpusRequest("b", "SQLi", 942200, 2, "body", "POST", "/", Map.of(), "x"),
                HonestTraffic.generate(1).get(0));

        // When the first is blocked, the second unanswered, the honest one refused by the server
        Tally tally = Tally.of(corpus, Map.of("a", 403, "b", CorpusSender.NO_ANSWER, "honest-0", 400));

        // Then
        assertThat(tally.byCategory().get("SQLi")).isEqualTo(new Tally.Cell(2, 1, 0, 1));
        assertThat(tally.byCategoryAndLocation().get("SQLi").get("uri")).isEqualTo(new Tally.Cell(1, 1, 0, 0));
        assertThat(tally.headlineParanoiaOne()).isEqualTo(new Tally.Cell(1, 1, 0, 0));
        assertThat(tally.headlineByLocation().get("body")).isEqualTo(new Tally.Cell(1, 0, 0, 1));
        assertThat(tally.honest()).isEqualTo(new Tally.Cell(1, 0, 1, 0));
    }

    @Test
    void wrkLatenciesReadInMilliseconds() {
        assertThat(FirewallReport.wrkMillis("412.00us")).isCloseTo(0.412, within(1e-9));
        assertThat(FirewallReport.wrkMillis("1.20ms")).isCloseTo(1.2, within(1e-9));
        assertThat(FirewallReport.wrkMillis("2.01s")).isCloseTo(2010, within(1e-9));
        assertThat(FirewallReport.wrkMillis("")).isNaN();
    }

    @Test
    void aLoadAboveTheCoresMarksTheLatenciesAsUnreliable() {
        int cores = Runtime.getRuntime().availableProcessors();

        assertThat(FirewallReport.busy((cores + 1) + ".5 1.0 1.0")).isTrue();
        assertThat(FirewallReport.busy("0.00 0.10 0.20")).isFalse();
        assertThat(FirewallReport.busy("")).isFalse();
    }

    @Test
    void missingSpeedFiguresShowAsDashes() {
        Tally tally = Tally.of(HonestTraffic.generate(2), Map.of());

        String table = FirewallReport.table(Map.of("sidecar", tally, "modsecurity", tally), new Properties());

        assertThat(table)
                .contains("| **honest API traffic: false positives** of 2 | 0 (0.00 %) | 0 (0.00 %) |  |")
                .contains("| inspection off, GET: throughput")
                .contains("| – | – | – |");
    }
}
