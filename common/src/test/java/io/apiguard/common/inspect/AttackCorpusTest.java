package io.apiguard.common.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.apiguard.common.rules.PayloadSignatures;

/**
 * Detection of the built-in signatures on a small attack corpus of our own ({@code inspect/attack-requests.jsonl}:
 * the textbook payload of each family, in the query, a JSON or form body, a header or a cookie, some behind the usual
 * evasions): a request counts as detected when any built-in signature matches any of its parts. The floors are what
 * the engine reaches, rounded down, so a signature change that loses detection fails here. The OWASP CRS regression
 * corpus, which the project may not commit, is measured side by side with ModSecurity by {@code bench/firewall.sh}.
 * Run with {@code ATTACKS_MISSED=1} in the environment to list the requests missed.
 */
class AttackCorpusTest {

    private static final List<Signature> SIGNATURES = PayloadSignatures.builtIn();
    private static final Map<String, List<CorpusRequests>> BY_CATEGORY =
            CorpusRequests.load("/inspect/attack-requests.jsonl").stream()
                    .collect(Collectors.groupingBy(CorpusRequests::category, TreeMap::new, Collectors.toList()));

    @ParameterizedTest(name = "{0}: at least {1} % detected")
    @CsvSource({
        "sqli, 100",
        "xss, 100",
        "lfi, 100",
        "rfi, 100",
        "rce, 90",
        "php, 100",
        "nodejs, 100",
        "java, 100",
        "ssrf, 100",
    })
    void eachCategoryIsDetectedAtLeastAtItsFloor(String category, int floorPercent) {
        // Given
        List<CorpusRequests> attacks = BY_CATEGORY.get(category);

        // When
        List<CorpusRequests> missed = attacks.stream()
                .filter(attack -> attack.inspected().findAll(SIGNATURES).isEmpty())
                .toList();

        // Then
        double rate = 100.0 * (attacks.size() - missed.size()) / attacks.size();
        System.out.printf(
                "attacks %-7s %3d/%3d detected (%.1f %%)%n",
                category, attacks.size() - missed.size(), attacks.size(), rate);
        if (System.getenv("ATTACKS_MISSED") != null) {
            missed.forEach(attack -> System.out.println("  missed " + attack.label()));
        }
        assertThat(rate).as("%s detection rate", category).isGreaterThanOrEqualTo(floorPercent);
    }
}
