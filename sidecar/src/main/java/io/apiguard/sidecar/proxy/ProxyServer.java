package io.apiguard.sidecar.proxy;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.httpproxy.HttpProxy;

/**
 * The proxy listener: a Vert.x HTTP server whose request handler is a {@code vertx-http-proxy} reverse proxy to the
 * configured upstream. It runs on Quarkus's Vert.x instance, so it shares the event loops and stops with the app.
 */
@ApplicationScoped
public class ProxyServer {

    private static final Logger LOGGER = Logger.getLogger(ProxyServer.class);
    private static final long BIND_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final ProxyConfig config;
    private final CallHandler calls;
    private volatile HttpServer server;
    private volatile HttpClient upstreamClient;

    ProxyServer(Vertx vertx, ProxyConfig config, CallHandler calls) {
        this.vertx = vertx;
        this.config = config;
        this.calls = calls;
    }

    void start(@Observes StartupEvent event) throws Exception {
        URI upstream = config.upstream();
        upstreamClient = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.upstreamConnectTimeout().toMillis())
                .setMaxPoolSize(config.upstreamMaxConnections())
                .setKeepAlive(true)
                .setSsl("https".equals(upstream.getScheme())));
        HttpProxy proxy = HttpProxy.reverseProxy(upstreamClient).origin(upstreamPort(upstream), upstream.getHost());
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.proxyHost()).setPort(config.proxyPort()))
                .requestHandler(calls.in(proxy))
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOGGER.infof("Proxy listening on %s:%d, forwarding to %s", config.proxyHost(), server.actualPort(), upstream);
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (upstreamClient != null) {
            upstreamClient.close();
        }
    }

    /** The port the listener is bound to, or -1 before start; differs from the configured port when that is 0. */
    public int actualPort() {
        HttpServer current = server;
        return current == null ? -1 : current.actualPort();
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
}
