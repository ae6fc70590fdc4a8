package io.apiguard.common.paths;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.apiguard.common.events.MatchType;

class RouteMatcherTest {

    private final RouteMatcher matcher = RouteMatcher.builder()
            .add("accounts-prefix", "api.bank.example", "/accounts", MatchType.PREFIX)
            .add("accounts-exact", "api.bank.example", "/accounts/export", MatchType.EXACT)
            .add("statements", "api.bank.example", "/accounts/statements/", MatchType.PREFIX)
            .add("bank-root", "api.bank.example", "/", MatchType.PREFIX)
            .add("legacy", "legacy.bank.example", "/v1", MatchType.IMPLEMENTATION_SPECIFIC)
            .add("wildcard", "*.tenants.example", "/", MatchType.PREFIX)
            .add("catch-all", "*", "/public", MatchType.PREFIX)
            .build();

    @ParameterizedTest(name = "{0}{1} -> {2}")
    @CsvSource({
        "api.bank.example, /accounts/export, accounts-exact",
        "api.bank.example, /accounts/export/2024, accounts-prefix",
        "api.bank.example, /accounts, accounts-prefix",
        "api.bank.example, /accounts/, accounts-prefix",
        "api.bank.example, /accounts/1044, accounts-prefix",
        "api.bank.example, /accounts/statements/7, statements",
        "api.bank.example, /accounts/statements, statements",
        "api.bank.example, /accountsx, bank-root",
        "API.Bank.Example:8443, /accounts/1, accounts-prefix",
        "legacy.bank.example, /v1/users, legacy",
        "acme.tenants.example, /anything, wildcard",
        "deep.acme.tenants.example, /public/x, catch-all",
        "unknown.example, /public, catch-all",
        "unknown.example, /public/docs, catch-all"
    })
    void hostThenExactThenLongestPrefix(String host, String path, String expected) {
        assertThat(matcher.match(host, path)).isEqualTo(expected);
    }

    @Test
    void aPathNoRouteServesMatchesNothing() {
        assertThat(matcher.match("unknown.example", "/private")).isNull();
        assertThat(matcher.match("legacy.bank.example", "/v2/users")).isNull();
        assertThat(matcher.match(null, "/x")).isNull();
        assertThat(RouteMatcher.empty().match("api.bank.example", "/")).isNull();
    }

    @Test
    void theFirstRouteForAHostAndPathWins() {
        RouteMatcher duplicate = RouteMatcher.builder()
                .add("first", "h", "/a", MatchType.PREFIX)
                .add("second", "h", "/a/", MatchType.PREFIX)
                .build();

        assertThat(duplicate.match("h", "/a/b")).isEqualTo("first");
    }

    @Test
    void hostsLoseTheirPortButIpv6LiteralsKeepTheirColons() {
        assertThat(RouteMatcher.normalizeHost("Api.Example:443")).isEqualTo("api.example");
        assertThat(RouteMatcher.normalizeHost("[::1]")).isEqualTo("[::1]");
        assertThat(RouteMatcher.normalizeHost("[::1]:8080")).isEqualTo("[::1]");
    }
}
