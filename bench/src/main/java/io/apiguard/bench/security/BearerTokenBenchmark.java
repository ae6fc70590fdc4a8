package io.apiguard.bench.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.apiguard.testing.oidc.LocalIssuer;

/**
 * What authenticating one ingest batch costs logging-service: the bearer-token check quarkus-oidc runs for every
 * request (jose4j, the library it verifies with): parse the compact JWT, pick the key by {@code kid} from the cached
 * JWKS, verify the RS256 signature, check issuer, audience and lifetime. The keys are fetched once, over HTTP from a
 * local issuer, as the app fetches them at start; nothing is fetched per call. A sidecar's batch of up to 1,000
 * records pays this once. Target: under 0.1 ms per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BearerTokenBenchmark {

    private LocalIssuer issuer;
    private JwtConsumer workloads;
    private JwtConsumer operators;
    private String sidecarToken;
    private String operatorToken;

    @Setup(Level.Trial)
    public void start() throws Exception {
        issuer = LocalIssuer.start(0);
        workloads = consumer(issuer.cluster());
        operators = consumer(issuer.operators());
        sidecarToken = issuer.cluster()
                .workloadToken(LocalIssuer.Workload.pod("payments", "default", "accounts-0"), Duration.ofHours(1));
        operatorToken = issuer.operators().operatorToken("otto.operator@example.com", Duration.ofHours(1), "operator");
    }

    @TearDown(Level.Trial)
    public void stop() {
        issuer.close();
    }

    /** A sidecar's projected service-account token, as on every ingest batch, heartbeat and pull. */
    @Benchmark
    public JwtClaims sidecarBatch() throws InvalidJwtException {
        return workloads.processToClaims(sidecarToken);
    }

    /** An operator's access token, as on every read and action. */
    @Benchmark
    public JwtClaims operatorCall() throws InvalidJwtException {
        return operators.processToClaims(operatorToken);
    }

    private static JwtConsumer consumer(LocalIssuer.Realm realm) throws Exception {
        String jwks = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(realm.issuer() + "/jwks"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(realm.issuer())
                .setExpectedAudience(LocalIssuer.AUDIENCE)
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(60)
                .build();
    }
}
