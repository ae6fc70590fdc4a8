package io.apiguard.sidecar;

import java.util.List;

import io.apiguard.sidecar.proxy.EchoUpstreamResource;
import io.apiguard.testing.contract.ServiceContract;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EchoUpstreamResource.class)
@QuarkusTestResource(OidcIssuerResource.class)
@QuarkusTestResource(RuleSetKeysResource.class)
class SidecarContractTest extends ServiceContract {

    SidecarContractTest() {
        super("sidecar", 0, List.of("proxy listener"));
    }
}
