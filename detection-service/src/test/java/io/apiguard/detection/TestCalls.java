package io.apiguard.detection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;

/** Builds calls for tests and benchmarks: {@code TestCalls.by("alice").at(t).get("/accounts/{id}", "accounts", "7")}. */
public final class TestCalls {

    /** Midnight of an arbitrary day: window arithmetic in tests starts on a window boundary. */
    public static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

    private ApiCallRecord.Decision decision = ApiCallRecord.Decision.allowed();
    private String subject;
    private boolean unverified;
    private AuthMethod authMethod = AuthMethod.JWT;
    private List<String> roles = List.of();
    private String fingerprint;
    private long at = T0;
    private String ip = "10.1.0.1";
    private String method = "GET";
    private String path = "/";
    private String template;
    private String query;
    private int status = 200;
    private long responseBytes = 512;
    private final List<ApiCallRecord.ObjectRef> objects = new ArrayList<>();
    private List<String> dataClasses = List.of();
    private List<String> returnedObjects = List.of();
    private List<ApiCallRecord.Violation> violations;
    private String targetAccount;
    private ApiCallRecord.Destination destination = new ApiCallRecord.Destination("svc", "ns", "pod-1");

    private TestCalls() {}

    /** A call by {@code subject} (null: anonymous). */
    public static TestCalls by(String subject) {
        TestCalls calls = new TestCalls();
        calls.subject = subject;
        return calls;
    }

    /**
     * A call with a credential apiguard could not verify (an unsigned or forged token, an unknown API key), known by
     * {@code fingerprint}; {@code claimedSubject} is whom its token names, which is never believed.
     */
    public static TestCalls unverified(String fingerprint, String claimedSubject) {
        TestCalls calls = new TestCalls();
        calls.unverified = true;
        calls.fingerprint = fingerprint;
        calls.subject = claimedSubject;
        return calls;
    }

    /** How the credential was presented (JWT unless told). */
    public TestCalls authMethod(AuthMethod authMethod) {
        this.authMethod = authMethod;
        return this;
    }

    public TestCalls at(long epochMillis) {
        this.at = epochMillis;
        return this;
    }

    public TestCalls ip(String ip) {
        this.ip = ip;
        return this;
    }

    public TestCalls roles(String... roles) {
        this.roles = List.of(roles);
        return this;
    }

    public TestCalls fingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
        return this;
    }

    /** The sidecar refused the call itself under rule {@code ruleId}. */
    public TestCalls blockedBy(String ruleId) {
        this.decision = new ApiCallRecord.Decision(io.apiguard.common.events.DecisionOutcome.BLOCKED, ruleId);
        this.status = 403;
        return this;
    }

    public TestCalls status(int status) {
        this.status = status;
        return this;
    }

    public TestCalls bytes(long responseBytes) {
        this.responseBytes = responseBytes;
        return this;
    }

    /** The response carried these data classes (wire values, e.g. {@code card-number}). */
    public TestCalls dataClasses(String... dataClasses) {
        this.dataClasses = List.of(dataClasses);
        return this;
    }

    /** The response returned these object ids, as the sidecar records them (keyed fingerprints). */
    public TestCalls returned(List<String> fingerprints) {
        this.returnedObjects = List.copyOf(fingerprints);
        return this;
    }

    /** The sidecar's inspection found these in the call (a body was read). */
    public TestCalls inspected(ApiCallRecord.Violation... violations) {
        this.violations = List.of(violations);
        return this;
    }

    /** The login names this account ({@code inspection.targetAccount}, as the sidecar fingerprints it). */
    public TestCalls targetAccount(String targetAccount) {
        this.targetAccount = targetAccount;
        return this;
    }

    /** The API pod that served the call ({@code svc}, {@code ns}, {@code pod-1} unless told). */
    public TestCalls servedBy(String service, String namespace, String pod) {
        this.destination = new ApiCallRecord.Destination(service, namespace, pod);
        return this;
    }

    public TestCalls query(String query) {
        this.query = query;
        return this;
    }

    /** {@code METHOD template} on the object {@code resourceType/objectId}; the path is the template filled in. */
    public ApiCallRecord call(String method, String template, String resourceType, String objectId) {
        this.method = method;
        this.template = template;
        this.path = template.replace("{id}", objectId);
        this.objects.clear();
        this.objects.add(new ApiCallRecord.ObjectRef(resourceType, objectId));
        return build();
    }

    /** {@code GET /accounts/{id}} on account {@code objectId}. */
    public ApiCallRecord account(String objectId) {
        return call("GET", "/accounts/{id}", "accounts", objectId);
    }

    /** {@code METHOD path} with no object. */
    public ApiCallRecord plain(String method, String path) {
        this.method = method;
        this.template = path;
        this.path = path;
        this.objects.clear();
        return build();
    }

    /** {@code METHOD path} with no object and no template (raw path, e.g. a payload in it). */
    public ApiCallRecord raw(String method, String path) {
        this.method = method;
        this.template = null;
        this.path = path;
        this.objects.clear();
        return build();
    }

    private ApiCallRecord build() {
        Identity identity;
        if (unverified) {
            identity = Identity.unverified(authMethod, fingerprint, subject);
        } else if (subject == null) {
            identity = new Identity(
                    null, null, PrincipalType.ANONYMOUS, AuthMethod.NONE, null, null, List.of(), fingerprint, false);
        } else {
            identity = new Identity(
                    subject, null, PrincipalType.USER, authMethod, null, "example", roles, fingerprint, true);
        }
        return new ApiCallRecord(
                UUID.randomUUID(),
                Instant.ofEpochMilli(at),
                800,
                new ApiCallRecord.Api(
                        "api.example",
                        method,
                        path,
                        query,
                        template,
                        "api-" + Math.abs((template == null ? path : template).hashCode())),
                new ApiCallRecord.Source(ip, List.of(), "test"),
                destination,
                identity,
                status,
                0,
                responseBytes,
                List.copyOf(objects),
                decision,
                null,
                Map.of(),
                violations == null && targetAccount == null
                        ? null
                        : new ApiCallRecord.Inspection(
                                true, false, null, violations == null ? List.of() : violations, targetAccount),
                dataClasses,
                returnedObjects);
    }
}
