package io.apiguard.sidecar.proxy;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the proxy listener is bound: before that, clients routed to this pod would be refused. */
@Readiness
@ApplicationScoped
public class ProxyListenerReadinessCheck implements HealthCheck {

    private final ProxyServer proxyServer;

    ProxyListenerReadinessCheck(ProxyServer proxyServer) {
        this.proxyServer = proxyServer;
    }

    @Override
    public HealthCheckResponse call() {
        int port = proxyServer.actualPort();
        return HealthCheckResponse.named("proxy listener")
                .status(port > 0)
                .withData("port", port)
                .withData("upstream", proxyServer.upstream().toString())
                .build();
    }
}
