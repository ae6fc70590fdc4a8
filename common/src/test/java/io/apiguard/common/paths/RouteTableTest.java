package io.apiguard.common.paths;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.apiguard.common.events.MatchType;

class RouteTableTest {

    private final RouteTable table = RouteTable.builder()
            .route("accounts", "api.bank.example", "/accounts", MatchType.PREFIX)
            .template("accounts", null, "/accounts/{accountId}", true)
            .template("accounts", "GET", "/accounts/me", true)
            .template("accounts", "GET", "/accounts/{id}", false)
            .template("accounts", "GET", "/accounts/{id}/statements", false)
            .template("accounts", "POST", "/accounts/{accountId}/transfers", true)
            .route("export", "api.bank.example", "/accounts/export", MatchType.EXACT)
            .route("tenants", "*.tenants.example", "/", MatchType.PREFIX)
            .template("tenants", "GET", "/orders/{orderId}", true)
            .route("public", "*", "/public", MatchType.PREFIX)
            .build();

    @ParameterizedTest(name = "{0} {1}{2} -> {3} {4}")
    @CsvSource(
            nullValues = "null",
            value = {
                // a declared template wins over a learned one for the same path
                "api.bank.example, GET, /accounts/1044, accounts, /accounts/{accountId}, true",
                // the most specific declared template first: a literal segment beats a name
                "api.bank.example, GET, /accounts/me, accounts, /accounts/me, true",
                // for another method the method-specific literal does not apply; the any-method template does
                "api.bank.example, DELETE, /accounts/me, accounts, /accounts/{accountId}, true",
                // only a learned template fits: it is used, and said to be learned
                "api.bank.example, GET, /accounts/1044/statements, accounts, /accounts/{id}/statements, false",
                "api.bank.example, POST, /accounts/77/transfers, accounts, /accounts/{accountId}/transfers, true",
                // the API is known but none of its templates fits
                "api.bank.example, GET, /accounts/1044/cards/9, accounts, null, false",
                "api.bank.example, GET, /accounts, accounts, null, false",
                // an Exact route beats the Prefix one; the host's port and case do not matter
                "API.Bank.Example:8443, GET, /accounts/export, export, null, false",
                // wildcard host, then any host
                "acme.tenants.example, GET, /orders/5, tenants, /orders/{orderId}, true",
                "other.example, GET, /public/docs, public, null, false"
            })
    void hostMethodAndPathGiveTheApiAndItsPreferredTemplate(
            String host, String method, String path, String apiId, String template, boolean declared) {
        // When
        RouteTable.Resolved resolved = table.resolve(host, method, path);

        // Then
        assertThat(resolved).isEqualTo(new RouteTable.Resolved(apiId, template, declared));
    }

    @Test
    void aCallNoRouteServesHasNoApiIdAndNoTemplate() {
        // When / Then
        assertThat(table.resolve("other.example", "GET", "/accounts/1044")).isSameAs(RouteTable.NO_ROUTE);
        assertThat(table.resolve(null, "GET", "/internal")).isSameAs(RouteTable.NO_ROUTE);
        assertThat(RouteTable.empty().resolve("api.bank.example", "GET", "/accounts/1"))
                .isSameAs(RouteTable.NO_ROUTE);
        assertThat(RouteTable.NO_ROUTE.apiId()).isNull();
    }

    @Test
    void anEmptySegmentDoesNotFillAName() {
        // When / Then: /accounts/ has an empty last segment, which is not an account id
        assertThat(table.resolve("api.bank.example", "GET", "/accounts/").template())
                .isNull();
        assertThat(PathTemplates.fits("/a/{x}/b", "/a//b")).isFalse();
        assertThat(PathTemplates.fits("/a/{x}/b", "/a/1/b")).isTrue();
    }

    @Test
    void aRepeatedLookupReturnsThePreBuiltResult() {
        // When / Then: nothing is built per call
        assertThat(table.resolve("api.bank.example", "GET", "/accounts/1"))
                .isSameAs(table.resolve("api.bank.example", "GET", "/accounts/2"));
    }

    @Test
    void aDeclaredOperationResolvesToItsNameAndTheCallersHandleForEachMethod() {
        // Given: one path declared for two methods, each with its operation and handle, and a learned template
        RouteTable spec = RouteTable.builder()
                .route("shop", "shop.example", "/", MatchType.PREFIX)
                .template("shop", "GET", "/users/{userId}", "getUser", 0)
                .template("shop", "PATCH", "/users/{userId}", "updateUser", 1)
                .template("shop", "GET", "/users/{id}/avatar", false)
                .build();

        // When
        RouteTable.Resolved read = spec.resolve("shop.example", "GET", "/users/7");
        RouteTable.Resolved update = spec.resolve("shop.example", "PATCH", "/users/7");
        RouteTable.Resolved learned = spec.resolve("shop.example", "GET", "/users/7/avatar");

        // Then
        assertThat(read).isEqualTo(new RouteTable.Resolved("shop", "/users/{userId}", true, "getUser", 0));
        assertThat(update).isEqualTo(new RouteTable.Resolved("shop", "/users/{userId}", true, "updateUser", 1));
        assertThat(spec.resolve("shop.example", "GET", "/users/8")).isSameAs(read);
        assertThat(learned.operation()).isNull();
        assertThat(learned.handle()).isEqualTo(RouteTable.NO_HANDLE);
        assertThat(spec.resolve("shop.example", "DELETE", "/users/7").handle()).isEqualTo(RouteTable.NO_HANDLE);
        assertThat(RouteTable.NO_ROUTE.handle()).isEqualTo(RouteTable.NO_HANDLE);
    }
}
