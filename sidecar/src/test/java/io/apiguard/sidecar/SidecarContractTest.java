package io.apiguard.sidecar;

import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.SidecarFigures;
import io.apiguard.common.status.StatusEvidence;
import io.apiguard.sidecar.proxy.EchoUpstreamResource;
import io.apiguard.support.security.Roles;
import io.apiguard.testing.contract.ServiceContract;
import io.apiguard.testing.oidc.LocalIssuer.Workload;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class SidecarContractTest extends ServiceContract {

    /** enforcement-service's service account: the rule publisher of the test profile. */
    private static final Workload ENFORCEMENT = Workload.pod("apiguard", "apiguard-enforcement", "enforcement-0");

    SidecarContractTest() {
        super("sidecar", 0, List.of("proxy listener"));
    }

    /** The sidecar's own counters stand for HTTP timings: Quarkus's HTTP binders are off (application.properties). */
    @Override
    protected String httpTimings() {
        return "apiguard_sidecar_enforcement_decisions_total";
    }

    /** The push is enforcement-service's alone: the walks reach it with that service account's token. */
    @Override
    protected RequestSpecification callerWith(String role) {
        return Roles.RULE_PUBLISHER.equals(role) ? asWorkload(ENFORCEMENT) : super.callerWith(role);
    }

    @Test
    void statusEvidenceParsesIntoSidecarFigures() {
        ServiceStatus<StatusEvidence> status = contractStatus();

        SidecarFigures sidecar = status.evidence().sidecar();
        assertThat(sidecar).as("evidence.sidecar").isNotNull();
        assertThat(sidecar.ruleSetVersion()).isNotNegative();
        assertThat(sidecar.rulesActive()).isNotNegative();
        assertThat(sidecar.mode()).isIn("enforce", "monitor");
        assertThat(sidecar.enforcing()).isEqualTo("enforce".equals(sidecar.mode()));
        assertThat(status.evidence().enforcement())
                .as("enforcement-service's entry, not the sidecar's")
                .isNull();
    }

    @Test
    void aPushThatIsNotASignedRuleSetIsA400ProblemWhateverItHolds() {
        // Given: what a broken or hostile publisher might send as a compact JWS
        Random random = new Random(7);
        byte[] noise = new byte[4_096];
        random.nextBytes(noise);
        List<byte[]> bodies = new ArrayList<>();
        for (String body : List.of(
                "",
                "\u0000",
                "a.b.c",
                "a\u0001.b\u007f.c\r\nSet-Cookie: x=1",
                "eyJhbGciOiJub25lIn0.eyJ2IjoxfQ.",
                "e30.e30.e30",
                "{\"rules\":[]}",
                ".".repeat(10_000),
                "x".repeat(200_000),
                "eyJhbGciOiJFUzI1NiIsImtpZCI6IlwwIn0." + "A".repeat(50_000) + ".AA")) {
            bodies.add(body.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(noise);

        // When / Then
        List<String> wrong = new ArrayList<>();
        for (byte[] body : bodies) {
            Response response = asWorkload(ENFORCEMENT)
                    .contentType(RuleSetJws.MEDIA_TYPE)
                    .body(body)
                    .put("/api/v1/rules");
            String type = response.contentType();
            if (response.statusCode() != 400 || type == null || !type.startsWith("application/problem+json")) {
                wrong.add(body.length + " bytes: " + response.statusCode() + " " + type);
            }
        }
        assertThat(wrong)
                .as("pushes that are not signed sets get a 400 problem")
                .isEmpty();
    }
}
