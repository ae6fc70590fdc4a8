package io.apiguard.bench.logging;

import static io.apiguard.bench.BenchSupport.intOption;
import static io.apiguard.bench.BenchSupport.option;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import io.apiguard.bench.BenchApp;
import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.oidc.LocalIssuer;

/**
 * Level 2 ingestion target: call records per second through {@code POST /api/v1/calls:batch} of a real
 * logging-service process (parse, validate, normalize, redact, store in the day-partitioned table, publish on the real
 * Kafka broker), reported beside a raw {@code COPY} of the very rows it stored into a table of the same shape and
 * indexes, in the same run. Targets: at least 50,000 records/s and at least half of COPY's rate.
 */
public final class LoggingIngestBenchmark {

    /** The sending sidecar's credential: logging-service takes batches from workloads only. */
    private static String sidecarToken;

    private LoggingIngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = intOption(args, "--records", 200_000);
        int batchSize = intOption(args, "--batch", 1_000);
        int concurrency = intOption(args, "--concurrency", 4);
        try (BenchApp logging = BenchApp.start(
                Path.of(option(args, "--root", ".")),
                "logging-service",
                LocalIssuer.Workload.pod("apiguard", "apiguard-logging", "logging-0"),
                List.of(
                        "-Dquarkus.datasource.reactive.max-size=8",
                        // the records arrive resolved by their sidecar; no JWKS is needed to resolve any here
                        "-Dapiguard.identity.allow-unverified=true"))) {
            // the batches come from a sidecar, with its pod's token, as in production
            sidecarToken = "Bearer "
                    + logging.issuer()
                            .cluster()
                            .workloadToken(
                                    LocalIssuer.Workload.pod("payments", "default", "accounts-0"), Duration.ofHours(1));
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI batchUri = URI.create("http://127.0.0.1:" + logging.port() + "/api/v1/calls:batch");

            System.out.printf("warm-up: %d records%n", Math.min(records, 100_000));
            post(http, batchUri, batches(Math.min(records, 100_000), batchSize), concurrency);
            List<String> timed = batches(records, batchSize);
            long started = System.nanoTime();
            long stored = post(http, batchUri, timed, concurrency);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "ingest over HTTP (parse, normalize, redact, store, publish): %d records in %.2f s = %,.0f"
                            + " records/s (batches of %d, %d in flight)%n",
                    stored, seconds, stored / seconds, batchSize, concurrency);

            try (Connection connection = logging.database().connection();
                    Statement statement = connection.createStatement()) {
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                ByteArrayOutputStream rows = new ByteArrayOutputStream();
                long exported = copy.copyOut("COPY (SELECT * FROM api_calls) TO STDOUT", rows);
                statement.execute(
                        "CREATE TABLE api_calls_copy (LIKE api_calls INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
                                + " PARTITION BY RANGE (ts)");
                statement.execute("ALTER TABLE api_calls_copy ADD PRIMARY KEY (ts, id)");
                statement.execute("CREATE TABLE api_calls_copy_default PARTITION OF api_calls_copy DEFAULT");
                statement.execute("CREATE INDEX ON api_calls_copy (subject, ts DESC)");
                statement.execute("CREATE INDEX ON api_calls_copy (service_account, ts DESC)");
                statement.execute("CREATE INDEX ON api_calls_copy (api_id, ts DESC)");
                statement.execute("CREATE INDEX ON api_calls_copy (client_ip, ts DESC)");
                statement.execute("CREATE INDEX ON api_calls_copy USING gin (object_keys)");
                long copyStarted = System.nanoTime();
                long copied =
                        copy.copyIn("COPY api_calls_copy FROM STDIN", new ByteArrayInputStream(rows.toByteArray()));
                double copySeconds = (System.nanoTime() - copyStarted) / 1e9;
                System.out.printf(
                        "raw COPY of the same %d rows (same columns and indexes, one partition): %.2f s = %,.0f"
                                + " rows/s (exported %d)%n",
                        copied, copySeconds, copied / copySeconds, exported);
                System.out.printf("ingest / COPY = %.2f%n", (stored / seconds) / (copied / copySeconds));
            }
        }
    }

    /** Posts every batch with at most {@code concurrency} in flight; returns the records logging-service stored. */
    private static long post(HttpClient http, URI uri, List<String> batches, int concurrency) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<Long>> answers = new ArrayList<>(batches.size());
        for (String batch : batches) {
            inFlight.acquire();
            answers.add(http.sendAsync(
                            HttpRequest.newBuilder(uri)
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", sidecarToken)
                                    .POST(HttpRequest.BodyPublishers.ofString(batch))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> inFlight.release())
                    .thenApply(LoggingIngestBenchmark::stored));
        }
        long stored = 0;
        for (CompletableFuture<Long> answer : answers) {
            stored += answer.get();
        }
        return stored;
    }

    private static long stored(HttpResponse<String> response) {
        if (response.statusCode() != 202) {
            throw new IllegalStateException("batch refused: " + response.statusCode() + " " + response.body());
        }
        try {
            return EventJson.mapper().readTree(response.body()).get("stored").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Realistic sidecar records: a thousand people behind a few accounts, ids in paths, a query, some secrets. */
    private static List<String> batches(int records, int batchSize) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> batches = new ArrayList<>();
        List<ApiCallRecord> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < records; i++) {
            int person = random.nextInt(1_000);
            Identity identity = new Identity(
                    "user-" + person + "@accounting-" + person % 20 + ".example",
                    null,
                    PrincipalType.USER,
                    AuthMethod.JWT,
                    person % 3 == 0 ? "FinTech_User_01" : null,
                    "accounting-" + person % 20,
                    List.of("accountant"),
                    "sha256:" + Long.toHexString(person * 7919L),
                    true);
            String path = "/accounts/" + random.nextInt(100_000) + "/statements";
            String query = i % 20 == 0 ? "access_token=t0k3n" + i + "&page=2" : "from=2026-11-01&page=" + i % 7;
            batch.add(new ApiCallRecord(
                    UUID.randomUUID(),
                    now.minusMillis(random.nextInt(60_000)),
                    900 + i % 500,
                    new ApiCallRecord.Api("api" + i % 50 + ".fintech.example", "GET", path, query, null, null),
                    new ApiCallRecord.Source("203.0.113." + person % 250, List.of(), "fintech-app/4.2"),
                    new ApiCallRecord.Destination("accounts", "payments", "accounts-" + i % 4),
                    identity,
                    i % 50 == 0 ? 404 : 200,
                    0,
                    512 + i % 4_096,
                    List.of(),
                    ApiCallRecord.Decision.allowed(),
                    null));
            if (batch.size() == batchSize) {
                batches.add(EventJson.mapper().writeValueAsString(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(EventJson.mapper().writeValueAsString(batch));
        }
        return batches;
    }
}
