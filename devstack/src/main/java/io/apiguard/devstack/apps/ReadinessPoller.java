package io.apiguard.devstack.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Polls apps' readiness endpoints ({@code /q/health/ready}: 200 once every readiness check is UP, 503 before) until
 * all answer 200, one of them exits, or time runs out. Polls every app of a round in parallel on one thread; not
 * thread-safe, one wait at a time.
 */
public final class ReadinessPoller {

    /** One app to wait for. */
    public record Target(String name, URI url, BooleanSupplier alive) {}

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Duration interval;

    /** @param interval the pause between two rounds of polls */
    public ReadinessPoller(Duration interval) {
        this.interval = interval;
    }

    /** Waits for one app; see {@link #awaitAll}. */
    public void awaitReady(String name, URI url, Duration timeout, BooleanSupplier alive) throws InterruptedException {
        awaitAll(List.of(new Target(name, url, alive)), timeout, ready -> {});
    }

    /**
     * Waits until every target answers 200, calling {@code onReady} with each one's name as it does.
     *
     * @param timeout for all of them together
     * @throws NotReadyException for the first target that exited, or for the first still not ready at the deadline;
     *                           its message says which and what the app last answered
     */
    public void awaitAll(List<Target> targets, Duration timeout, Consumer<String> onReady) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Target, String> pending = new LinkedHashMap<>();
        targets.forEach(target -> pending.put(target, "no answer yet"));
        while (!pending.isEmpty()) {
            for (Map.Entry<Target, String> entry : pending.entrySet()) {
                if (!entry.getKey().alive().getAsBoolean()) {
                    throw new NotReadyException(
                            entry.getKey().name(),
                            entry.getKey().name() + " exited before it became ready (last answer: " + entry.getValue()
                                    + ")");
                }
            }
            Map<Target, CompletableFuture<HttpResponse<String>>> answers = new LinkedHashMap<>();
            for (Target target : pending.keySet()) {
                HttpRequest request = HttpRequest.newBuilder(target.url())
                        .timeout(Duration.ofSeconds(2))
                        .GET()
                        .build();
                answers.put(target, client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (Map.Entry<Target, CompletableFuture<HttpResponse<String>>> answer : answers.entrySet()) {
                Target target = answer.getKey();
                String last = lastAnswer(answer.getValue());
                if (last == null) {
                    pending.remove(target);
                    onReady.accept(target.name());
                } else {
                    pending.put(target, last);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                Map.Entry<Target, String> late = pending.entrySet().iterator().next();
                List<String> others = new ArrayList<>();
                pending.keySet().stream().skip(1).forEach(target -> others.add(target.name()));
                throw new NotReadyException(
                        late.getKey().name(),
                        late.getKey().name() + " not ready within "
                                + describe(timeout) + " (last answer: " + late.getValue() + ")"
                                + (others.isEmpty() ? "" : "; not ready either: " + String.join(", ", others)));
            }
            Thread.sleep(Math.min(interval.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Null when the app is ready, else what it answered, for the message when it never gets ready. */
    private static String lastAnswer(CompletableFuture<HttpResponse<String>> answer) throws InterruptedException {
        try {
            HttpResponse<String> response = answer.get();
            return response.statusCode() == 200 ? null : response.statusCode() + " " + oneLine(response.body());
        } catch (ExecutionException e) {
            // Connection refused while the app is still starting: expected, and the exception's class says enough.
            Throwable cause = e.getCause();
            return cause instanceof IOException && cause.getMessage() != null
                    ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    : cause.getClass().getSimpleName();
        }
    }

    private static String oneLine(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** An app did not become ready; {@link #app()} names it. */
    public static final class NotReadyException extends RuntimeException {

        private final String app;

        NotReadyException(String app, String message) {
            super(message);
            this.app = app;
        }

        /** The app that did not become ready. */
        public String app() {
            return app;
        }
    }
}
