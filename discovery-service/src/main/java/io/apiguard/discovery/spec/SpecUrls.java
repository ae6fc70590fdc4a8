package io.apiguard.discovery.spec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.apiguard.discovery.DiscoveryConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Fetches spec documents from the URLs an operator allows ({@code apiguard.discovery.specs.allowed-urls}), with the
 * Vert.x HTTP client: a timeout on the whole fetch, the document size bound enforced while the body streams in (the
 * connection is reset past it), and no redirect followed, so an allowed server cannot send discovery elsewhere.
 * Results, errors included, are kept for {@code fetch-refresh}, so a resync does not fetch each URL once per route.
 * Blocking: called from the informers' and the manifest reader's threads, never from an event loop.
 */
@ApplicationScoped
public class SpecUrls {

    private final DiscoveryConfig.Specs config;
    private final HttpClient client;
    private final Cache<String, Fetched> fetched;

    SpecUrls(Vertx vertx, DiscoveryConfig config) {
        this.config = config.specs();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.fetchTimeout().toMillis())
                // One connection per fetch: fetches are rare, and a fetch cut off at the size bound resets its
                // connection, which a pooled next fetch must not inherit.
                .setKeepAlive(false)
                .setMaxRedirects(0));
        this.fetched = Caffeine.newBuilder()
                .maximumSize(256)
                .expireAfterWrite(this.config.fetchRefresh())
                .build();
    }

    /** A fetched document, or why there is none. */
    record Fetched(String document, String error) {}

    /** Whether {@code value} names a URL rather than a ConfigMap key. */
    static boolean isUrl(String value) {
        return value.startsWith("https://") || value.startsWith("http://");
    }

    /** The document at {@code url}, or why it could not be fetched (not allowed, failed, too large, a redirect). */
    Fetched fetch(String url) {
        List<String> allowed = config.allowedUrls().orElse(List.of());
        if (allowed.stream().noneMatch(url::startsWith)) {
            return new Fetched(
                    null,
                    allowed.isEmpty()
                            ? "spec URLs are not allowed (apiguard.discovery.specs.allowed-urls is empty)"
                            : "the URL is under none of the allowed prefixes (apiguard.discovery.specs.allowed-urls)");
        }
        return fetched.get(url, this::download);
    }

    private Fetched download(String url) {
        CompletableFuture<String> body = new CompletableFuture<>();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .setFollowRedirects(false)
                .setIdleTimeout(config.fetchTimeout().toMillis())
                .addHeader("Accept", "application/yaml, application/json;q=0.9, */*;q=0.1");
        client.request(request)
                .compose(sent -> sent.send())
                .onSuccess(response -> {
                    if (response.statusCode() != 200) {
                        // The body is discarded as it comes (no handler); the connection closes after it.
                        body.completeExceptionally(new IllegalStateException("answered " + response.statusCode()
                                + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : "")));
                        return;
                    }
                    Buffer received = Buffer.buffer();
                    response.handler(chunk -> {
                        if (received.length() + chunk.length() > config.maxBytes()) {
                            body.completeExceptionally(new IllegalStateException(
                                    "the document is larger than the limit of " + config.maxBytes() + " bytes"));
                            response.request().reset();
                        } else {
                            received.appendBuffer(chunk);
                        }
                    });
                    response.exceptionHandler(body::completeExceptionally);
                    response.endHandler(done -> body.complete(received.toString(StandardCharsets.UTF_8)));
                })
                .onFailure(body::completeExceptionally);
        try {
            return new Fetched(body.get(config.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            return new Fetched(
                    null, "fetching " + url + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return new Fetched(null, "fetching " + url + " took longer than " + config.fetchTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched(null, "interrupted while fetching " + url);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
