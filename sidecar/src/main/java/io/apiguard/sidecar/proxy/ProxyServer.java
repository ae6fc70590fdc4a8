package io.apiguard.sidecar.proxy;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.httpproxy.HttpProxy;

/**
 * The proxy listener: {@code vertx-http-proxy} reverse proxies to the configured upstream behind the
 * {@link CallHandler}. One instance per event loop, all sharing the port, so connections spread over every core; each
 * instance has its own upstream client, so a call and its upstream exchange stay on one thread. Runs on Quarkus's
 * Vert.x instance and stops with the app.
 */
@ApplicationScoped
public class ProxyServer {

    private static final Logger LOGGER = Logger.getLogger(ProxyServer.class);
    private static final long BIND_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final ProxyConfig config;
    private final CallHandler calls;
    private final AtomicInteger boundPort = new AtomicInteger(-1);
    private volatile String deploymentId;

    ProxyServer(Vertx vertx, ProxyConfig config, CallHandler calls) {
        this.vertx = vertx;
        this.config = config;
        this.calls = calls;
    }

    void start(@Observes StartupEvent event) throws Exception {
        int instances = config.eventLoops().orElse(Runtime.getRuntime().availableProcessors());
        deploymentId = vertx.deployVerticle(ProxyVerticle::new, new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOGGER.infof(
                "Proxy listening on %s:%d (%d event loops), forwarding to %s",
                config.proxyHost(), boundPort.get(), instances, config.upstream());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (deploymentId != null) {
            vertx.undeploy(deploymentId)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The port the listener is bound to, or -1 before start; differs from the configured port when that is 0. */
    public int actualPort() {
        return boundPort.get();
    }

    /** The upstream calls are forwarded to. */
    public URI upstream() {
        return config.upstream();
    }

    private static int upstreamPort(URI upstream) {
        if (upstream.getPort() > 0) {
            return upstream.getPort();
        }
        return "https".equals(upstream.getScheme()) ? 443 : 80;
    }

    /** One listener and its upstream client, on one event loop. */
    private final class ProxyVerticle extends AbstractVerticle {

        private HttpClient upstreamClient;

        @Override
        public void start(Promise<Void> started) {
            URI upstream = config.upstream();
            upstreamClient = vertx.createHttpClient(new HttpClientOptions()
                    .setConnectTimeout((int) config.upstreamConnectTimeout().toMillis())
                    .setMaxPoolSize(config.upstreamMaxConnections())
                    .setKeepAlive(true)
                    .setSsl("https".equals(upstream.getScheme())));
            HttpProxy proxy = HttpProxy.reverseProxy(upstreamClient).origin(upstreamPort(upstream), upstream.getHost());
            // Port 0 (tests): a negative port makes Vert.x pick one random port that every instance shares.
            int port = config.proxyPort() == 0 ? -1 : config.proxyPort();
            vertx.createHttpServer(
                            new HttpServerOptions().setHost(config.proxyHost()).setPort(port))
                    .requestHandler(calls.in(proxy))
                    .listen()
                    .onSuccess(server -> {
                        boundPort.compareAndSet(-1, server.actualPort());
                        started.complete();
                    })
                    .onFailure(started::fail);
        }

        @Override
        public void stop() {
            if (upstreamClient != null) {
                upstreamClient.close();
            }
        }
    }
}
