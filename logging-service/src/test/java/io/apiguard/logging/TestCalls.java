package io.apiguard.logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.oidc.LocalIssuer;
import io.apiguard.testing.oidc.Tokens;
import io.apiguard.testing.postgres.PostgresResource;
import io.restassured.specification.RequestSpecification;

/** Builds call records as gateways and sidecars send them, signs test tokens, reads back what was stored. */
public final class TestCalls {

    /** The shared account of the FinTech case, configured in the test profile. */
    public static final String SHARED_ACCOUNT = "FinTech_User_01";
    /** The pod whose sidecar delivers the tests' batches. */
    public static final LocalIssuer.Workload SIDECAR = LocalIssuer.Workload.pod("payments", "accounts", "accounts-0");
    /** The batch endpoint, as sidecars spell it. */
    public static final String BATCH = "/api/v1/calls:batch";

    private TestCalls() {}

    /** A call to {@code host}{@code path} sent with {@code headers} and no resolved identity (a gateway's record). */
    public static ApiCallRecord gatewayCall(String host, String path, String clientIp, Map<String, String> headers) {
        return new ApiCallRecord(
                UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                1_200,
                new ApiCallRecord.Api(host, "GET", path, null, null, null),
                new ApiCallRecord.Source(clientIp, List.of(), "gateway-test/1"),
                null,
                null,
                200,
                0,
                512,
                List.of(),
                null,
                null,
                headers);
    }

    /** A call as a sidecar captures it: identity resolved, no headers. */
    public static ApiCallRecord capturedCall(String host, String path, Identity identity, int status, Instant at) {
        return new ApiCallRecord(
                UUID.randomUUID(),
                at,
                900,
                new ApiCallRecord.Api(host, "GET", path, null, null, null),
                new ApiCallRecord.Source("203.0.113.7", List.of(), "fintech-app/4.2"),
                new ApiCallRecord.Destination("accounts", "payments", "accounts-0"),
                identity,
                status,
                0,
                256,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null);
    }

    /** {@code call} as an inspecting sidecar sends it: with what inspection saw and the response's data classes. */
    public static ApiCallRecord inspected(
            ApiCallRecord call, ApiCallRecord.Inspection inspection, List<String> dataClasses) {
        return new ApiCallRecord(
                call.id(),
                call.timestamp(),
                call.durationMicros(),
                call.api(),
                call.source(),
                call.destination(),
                call.identity(),
                call.status(),
                call.requestBytes(),
                call.responseBytes(),
                call.objects(),
                call.decision(),
                call.traceId(),
                call.headers(),
                inspection,
                dataClasses);
    }

    /**
     * A request as a sidecar delivers a batch: with its pod's projected token, and the path's ':' sent as it is (the
     * way sidecars send it).
     */
    public static RequestSpecification asSidecar() {
        return Tokens.asWorkload(SIDECAR).urlEncodingEnabled(false);
    }

    /** The JSON array of {@code calls}. */
    public static String json(Collection<ApiCallRecord> calls) {
        try {
            return EventJson.mapper().writeValueAsString(calls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One call as JSON. */
    public static String json(ApiCallRecord call) {
        try {
            return EventJson.mapper().writeValueAsString(call);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored normalized call with this id, or null. */
    public static NormalizedCall stored(UUID id) {
        String json =
                PostgresResource.database().queryForString("SELECT record FROM api_calls WHERE id = '" + id + "'");
        try {
            return json == null ? null : EventJson.mapper().readValue(json, NormalizedCall.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many rows hold this call id. */
    public static long rows(UUID id) {
        return Long.parseLong(
                PostgresResource.database().queryForString("SELECT count(*) FROM api_calls WHERE id = '" + id + "'"));
    }

    /** Every column of the stored row as one JSON text: what an auditor with database access would see. */
    public static String row(UUID id) {
        return PostgresResource.database()
                .queryForString("SELECT row_to_json(c)::text FROM api_calls c WHERE id = '" + id + "'");
    }

    /** How many of {@code ids} are stored. */
    public static long storedCount(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        String list = ids.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(","));
        return Long.parseLong(PostgresResource.database()
                .queryForString("SELECT count(*) FROM api_calls WHERE id = ANY('{" + list + "}'::uuid[])"));
    }

    /** A record as any workload may write one: claiming {@code identity}, served by {@code destination}. */
    public static ApiCallRecord claiming(Identity identity, ApiCallRecord.Destination destination, String path) {
        return new ApiCallRecord(
                UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                900,
                new ApiCallRecord.Api("api.example", "GET", path, null, null, null),
                new ApiCallRecord.Source("203.0.113.7", List.of(), "fintech-app/4.2"),
                destination,
                identity,
                200,
                0,
                256,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null);
    }

    /** An unsigned token ({@code alg: none}) with {@code claims}: anyone can write one. */
    public static String unsignedToken(JwtClaims claims) {
        java.util.Base64.Encoder encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".";
    }

    /** A token signed with the key the test profile trusts. */
    public static String trustedToken(JwtClaims claims) {
        return sign(claims, "signing-key.json");
    }

    /** A token signed with a key nobody trusts, under the trusted key's id. */
    public static String forgedToken(JwtClaims claims) {
        return sign(claims, "forger-key.json");
    }

    /** Claims for {@code subject}, valid for an hour. */
    public static JwtClaims claims(String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setExpirationTimeMinutesInTheFuture(60);
        claims.setIssuedAtToNow();
        return claims;
    }

    private static String sign(JwtClaims claims, String keyFile) {
        try {
            PublicJsonWebKey key = PublicJsonWebKey.Factory.newPublicJwk(
                    Files.readString(Path.of("src/test/resources/identity", keyFile)));
            JsonWebSignature signature = new JsonWebSignature();
            signature.setPayload(claims.toJson());
            signature.setKey(key.getPrivateKey());
            signature.setKeyIdHeaderValue(key.getKeyId());
            signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return signature.getCompactSerialization();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
