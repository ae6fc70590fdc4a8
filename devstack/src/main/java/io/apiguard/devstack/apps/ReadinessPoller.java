package io.apiguard.devstack.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls an app's readiness endpoint until it answers 200, the app dies, or time runs out. */
public final class ReadinessPoller {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Duration interval;

    public ReadinessPoller(Duration interval) {
        this.interval = interval;
    }

    /**
     * Waits until {@code GET url} answers 200.
     *
     * @param url     the readiness URL, e.g. {@code http://localhost:8081/q/health/ready}
     * @param timeout how long to wait at most
     * @param alive   whether the app is still running; polling stops early when it is not
     * @throws NotReadyException when the app died or did not become ready in time
     */
    public void awaitReady(String name, URI url, Duration timeout, BooleanSupplier alive) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new NotReadyException(name + " exited before it became ready (last answer: " + last + ")");
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            }
            Thread.sleep(interval.toMillis());
        }
        throw new NotReadyException(name + " not ready within " + timeout.toSeconds() + " s (last answer: " + last + ")");
    }

    /** An app did not become ready. */
    public static final class NotReadyException extends RuntimeException {

        NotReadyException(String message) {
            super(message);
        }
    }
}
