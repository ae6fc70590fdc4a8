package io.apiguard.posture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;

/** Builds inventory endpoints and normalized calls for tests; defaults describe a well-configured external API. */
public final class TestApis {

    private String id = "api-" + UUID.randomUUID().toString().substring(0, 12);
    private String host = "shop.example";
    private String path = "/orders";
    private String namespace = "shop";
    private Exposure exposure = Exposure.EXTERNAL;
    private boolean tls = true;
    private final Map<String, String> hints =
            new HashMap<>(Map.of("auth", "external", "rate-limit", "rps=50", "ssl-redirect", "true"));
    private ApiSource source = ApiSource.INGRESS;
    private ApiState state = ApiState.ACTIVE;
    private List<String> ingresses = new ArrayList<>(List.of("shop/shop"));
    private List<ApiEndpoint.Operation> operations = List.of();
    private ApiEndpoint.Spec spec;

    public static TestApis api() {
        return new TestApis();
    }

    public TestApis id(String value) {
        id = value;
        return this;
    }

    public TestApis host(String value) {
        host = value;
        return this;
    }

    public TestApis path(String value) {
        path = value;
        return this;
    }

    public TestApis namespace(String value) {
        namespace = value;
        return this;
    }

    public TestApis exposure(Exposure value) {
        exposure = value;
        return this;
    }

    public TestApis tls(boolean value) {
        tls = value;
        return this;
    }

    public TestApis hint(String key, String value) {
        if (value == null) {
            hints.remove(key);
        } else {
            hints.put(key, value);
        }
        return this;
    }

    public TestApis source(ApiSource value) {
        source = value;
        if (value == ApiSource.TRAFFIC) {
            ingresses = new ArrayList<>();
        }
        return this;
    }

    public TestApis state(ApiState value) {
        state = value;
        return this;
    }

    /** The operations the inventory lists (spec-declared and traffic-learned). */
    public TestApis operations(ApiEndpoint.Operation... values) {
        operations = List.of(values);
        return this;
    }

    /** The spec discovery read for it (or could not read). */
    public TestApis spec(ApiEndpoint.Spec value) {
        spec = value;
        return this;
    }

    public ApiEndpoint build() {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        return new ApiEndpoint(
                id,
                host,
                path,
                path,
                MatchType.PREFIX,
                List.of("GET"),
                source == ApiSource.TRAFFIC ? null : new Backend("svc", "8080"),
                source == ApiSource.TRAFFIC ? null : namespace,
                ingresses,
                exposure,
                tls,
                hints,
                source,
                state,
                first,
                first.plusSeconds(60),
                10,
                operations,
                spec);
    }

    /** A successful call by an individual user. */
    public static NormalizedCall call(String host, String path) {
        return call(host, path, null, individual(), 200, List.of());
    }

    public static NormalizedCall call(
            String host, String path, String query, Identity identity, int status, List<String> redactions) {
        ApiCallRecord record = new ApiCallRecord(
                UUID.randomUUID(),
                Instant.now(),
                900,
                new ApiCallRecord.Api(host, "GET", path, query, null, null),
                null,
                null,
                identity,
                status,
                0,
                128,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null);
        return new NormalizedCall(record, redactions, Instant.now());
    }

    /** A successful call by an individual user whose response carried {@code dataClasses} (wire values). */
    public static NormalizedCall responding(String host, String path, String... dataClasses) {
        NormalizedCall plain = call(host, path);
        ApiCallRecord c = plain.call();
        ApiCallRecord record = new ApiCallRecord(
                c.id(),
                c.timestamp(),
                c.durationMicros(),
                c.api(),
                c.source(),
                c.destination(),
                c.identity(),
                c.status(),
                c.requestBytes(),
                c.responseBytes(),
                c.objects(),
                c.decision(),
                c.traceId(),
                c.headers(),
                null,
                List.of(dataClasses));
        return new NormalizedCall(record, plain.redactions(), plain.normalizedAt());
    }

    public static Identity individual() {
        return new Identity(
                "alex.s@accounting-xyz",
                null,
                PrincipalType.USER,
                AuthMethod.JWT,
                "FinTech_User_01",
                null,
                List.of(),
                null,
                true);
    }

    public static Identity sharedAccount() {
        return new Identity(
                "FinTech_User_01",
                null,
                PrincipalType.USER,
                AuthMethod.API_KEY,
                "FinTech_User_01",
                null,
                List.of(),
                null,
                true);
    }
}
