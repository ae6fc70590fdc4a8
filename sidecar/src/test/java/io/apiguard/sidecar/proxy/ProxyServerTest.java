package io.apiguard.sidecar.proxy;

import static io.apiguard.testing.contract.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.common.identity.IdentityResolver;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class ProxyServerTest {

    @Inject
    ProxyServer proxyServer;

    @Test
    void forwardsMethodPathQueryAndBodyToTheUpstream() {
        given().port(proxyServer.actualPort())
                .contentType("application/json")
                .body("{\"amount\":12}")
                .when()
                .post("/accounts/42/transfers?dry-run=true")
                .then()
                .statusCode(200)
                .header("x-upstream", "echo")
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/accounts/42/transfers?dry-run=true"))
                .body("body", equalTo("{\"amount\":12}"));
    }

    @Test
    void theIdentityResolverIsCreatedAtStartNotByTheFirstCall() {
        // Creating it reads key material (a JWKS URL is fetched) and, in the prod profile, refuses JWT resolution
        // without a key: that belongs to start, on the main thread, never to a call on an event loop.
        InjectableBean<IdentityResolver> bean =
                Arc.container().instance(IdentityResolver.class).getBean();
        assertThat(Arc.container().getActiveContext(ApplicationScoped.class).get(bean))
                .isNotNull();
    }

    @Test
    void readinessReportsTheBoundListenerAndItsUpstream() {
        management()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("proxy listener"))
                .body("checks.find { it.name == 'proxy listener' }.data.port", equalTo(proxyServer.actualPort()))
                .body(
                        "checks.find { it.name == 'proxy listener' }.data.upstream",
                        equalTo(proxyServer.upstream().toString()));
    }
}
