package io.apiguard.e2e.traffic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A person calling the demo API through the sidecar the way the scenario's partner backend does: with the shared
 * account's API key (verified against the owners table, so it may name its end user), the person in
 * {@code X-End-User}, their address in {@code X-Forwarded-For}, and a fresh W3C trace id on every call, which is what
 * lets a test find each forwarded call in the audit trail.
 *
 * @param sidecarUrl the sidecar's proxy
 * @param apiKey     the shared account's key
 * @param person     who is calling
 * @param address    the person's address
 */
public record Caller(String sidecarUrl, String apiKey, String person, String address) {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The answer to one call: its status (-1 when no answer came) and the trace id it carried. */
    public record Answer(int status, String traceId) {
        public boolean served() {
            return status == 200;
        }
    }

    /** A new, random W3C trace id. */
    public static String newTraceId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** One call, waiting for its answer. */
    public Answer get(String path) {
        try {
            return send(path).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null);
        } catch (java.util.concurrent.ExecutionException e) {
            return new Answer(-1, null);
        }
    }

    /** One call without waiting: the answer is -1 when the sidecar did not answer (refused, reset, timed out). */
    public CompletableFuture<Answer> send(String path) {
        String traceId = newTraceId();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sidecarUrl + path))
                .header("X-API-Key", apiKey)
                .header("X-End-User", person)
                .header("X-Forwarded-For", address)
                .header(
                        "traceparent",
                        "00-" + traceId + "-"
                                + HexFormat.of()
                                        .toHexDigits(ThreadLocalRandom.current().nextLong()) + "-01")
                .timeout(TIMEOUT)
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> new Answer(failure == null ? response.statusCode() : -1, traceId));
    }
}
