package io.apiguard.posture.bench;

import static io.apiguard.testing.oidc.Tokens.asViewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.apiguard.posture.maturity.StatusStubs;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code GET /api/v1/maturity} latency with every status endpoint answering (issue target: p99 under 200 ms). The
 * service runs in its test harness (real Kafka, PostgreSQL, the status endpoints on a real HTTP stub server); runs
 * only with {@code -Dapiguard.bench.maturity=true} ({@code bench/posture.sh maturity}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(StatusStubs.class)
@QuarkusTestResource(OidcIssuerResource.class)
@EnabledIfSystemProperty(named = "apiguard.bench.maturity", matches = "true")
class MaturityLatencyBenchmark {

    @Test
    void maturityLatency() throws Exception {
        int requests = Integer.getInteger("apiguard.bench.requests", 2_000);
        StatusStubs.answerUpTo(5);
        for (int i = 0; i < 300; i++) {
            asViewer().get("/api/v1/maturity").then().statusCode(200);
        }
        long[] micros = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            asViewer().get("/api/v1/maturity").then().statusCode(200);
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        String result = String.format(Locale.ROOT,
                "GET /api/v1/maturity, %d sequential requests, 4 status endpoints answering:%n"
                        + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 < 200 ms)%n",
                requests, micros[requests / 2] / 1000.0, micros[(int) (requests * 0.90)] / 1000.0,
                micros[(int) (requests * 0.99)] / 1000.0, micros[requests - 1] / 1000.0);
        System.out.print(result);
        Files.writeString(Path.of("target", "posture-maturity.txt"), result);
        if (StatusStubs.server() == null) {
            throw new IllegalStateException("stub server not running");
        }
    }
}
