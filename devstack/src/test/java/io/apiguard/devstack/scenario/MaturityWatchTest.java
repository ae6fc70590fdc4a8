package io.apiguard.devstack.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The watcher against a real HTTP stub standing in for posture-service's maturity endpoint. */
class MaturityWatchTest {

    private static final String TOKEN = "viewer-token";

    private HttpServer posture;
    /** What the stub answers, in turn; the last answer again once they are used up. */
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    private final AtomicReference<Answer> last = new AtomicReference<>(new Answer(503, "{}"));
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private record Answer(int status, String body) {}

    @BeforeEach
    void startPosture() throws IOException {
        posture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        posture.createContext(MaturityWatch.PATH, this::answer);
        posture.start();
    }

    @AfterEach
    void stopPosture() {
        posture.stop(0);
    }

    @Test
    void printsEachChangeOnceAndAFailureOnceAndWaitsForALevel() throws Exception {
        // Given: posture not ready yet, then the climb, each report answered more than once
        answers.add(new Answer(503, "{}"));
        answers.add(new Answer(503, "{}"));
        answers.add(report(1, true, false, false, false, false));
        answers.add(report(1, true, false, false, false, false));
        answers.add(report(2, true, true, false, false, false));
        last.set(report(2, true, true, false, false, false));

        // When
        try (MaturityWatch watch = watch().start(Duration.ofMillis(10))) {
            // Then
            assertThat(watch.awaitLevel(2, Duration.ofSeconds(10))).isTrue();
            assertThat(watch.latest().path("level").asInt()).isEqualTo(2);
            assertThat(watch.reachedAt(1)).isNotNull();
            assertThat(watch.reachedAt(3)).isNull();
            await().atMost(Duration.ofSeconds(5)).until(answers::isEmpty);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(line -> line.contains("does not answer")))
                .containsExactly("Maturity     posture-service does not answer /api/v1/maturity: HTTP 503");
        assertThat(text.lines().filter(line -> line.startsWith("Maturity     level")))
                .hasSize(2);
        assertThat(authorizations).isNotEmpty().containsOnly("Bearer " + TOKEN);
    }

    @Test
    void aLevelNeverReachedIsAWaitThatEndsFalse() throws Exception {
        // Given
        last.set(report(1, true, false, false, false, false));

        // When
        try (MaturityWatch watch = watch().start(Duration.ofMillis(10))) {
            // Then
            assertThat(watch.awaitLevel(1, Duration.ofSeconds(10))).isTrue();
            assertThat(watch.awaitLevel(5, Duration.ofMillis(200))).isFalse();
        }
    }

    @Test
    void afterCloseNothingMoreIsPrinted() throws Exception {
        // Given
        last.set(report(1, true, false, false, false, false));
        MaturityWatch watch = watch().start(Duration.ofMillis(10));
        assertThat(watch.awaitLevel(1, Duration.ofSeconds(10))).isTrue();

        // When
        watch.close();
        int printedAtClose = printed.size();
        last.set(report(3, true, true, true, false, false));

        // Then: not the new level
        assertThat(watch.awaitLevel(3, Duration.ofMillis(300))).isFalse();
        assertThat(printed.size()).isEqualTo(printedAtClose);
    }

    private MaturityWatch watch() {
        return new MaturityWatch(new ServiceCalls(), posture.getAddress().getPort(), TOKEN, Instant.now(), out);
    }

    private void answer(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        Answer answer = answers.poll();
        if (answer == null) {
            answer = last.get();
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    private static Answer report(int level, boolean... holds) {
        return new Answer(200, MaturityClimbTest.report(level, holds).toString());
    }
}
