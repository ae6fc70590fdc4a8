package io.apiguard.logging.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.identity.ApiKeyOwners;
import io.apiguard.common.identity.IdentityResolver;
import io.apiguard.common.identity.IdentitySettings;
import io.apiguard.logging.TestConfig;
import io.apiguard.logging.catalog.ApiCatalog;
import io.apiguard.logging.redaction.Redactor;
import io.apiguard.support.security.WorkloadIdentity;

/** What a normalized call keeps of a captured one, per sender, without the app: identity, API, objects, hops. */
class CallNormalizerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Identity ALEX = new Identity(
            "alex.s@accounting-xyz",
            null,
            PrincipalType.USER,
            AuthMethod.JWT,
            null,
            "accounting-xyz",
            List.of("viewer"),
            "sha256:abc",
            true);
    private static final ApiCallRecord.Destination POD =
            new ApiCallRecord.Destination("accounts", "payments", "accounts-0");
    private static final Sender OWN_SIDECAR =
            new Sender(new WorkloadIdentity("payments", "accounts", "accounts-0", "uid-0"), "10.1.0.9");
    private static final Sender OTHER_POD =
            new Sender(new WorkloadIdentity("payments", "accounts", "accounts-1", "uid-1"), "10.1.0.10");

    private final CallNormalizer normalizer = new CallNormalizer(
            new IdentityResolver(IdentitySettings.defaults(), ApiKeyOwners.NONE),
            new ApiCatalog(),
            Redactor.of(TestConfig.defaults().redaction()),
            2,
            2);

    private static ApiCallRecord call(
            String method,
            String path,
            ApiCallRecord.Source source,
            Identity identity,
            List<ApiCallRecord.ObjectRef> objects,
            ApiCallRecord.Decision decision,
            Map<String, String> headers) {
        return new ApiCallRecord(
                UUID.randomUUID(),
                T0,
                800,
                new ApiCallRecord.Api("api.example", method, path, null, null, null),
                source,
                POD,
                identity,
                200,
                0,
                10,
                objects,
                decision,
                null,
                headers);
    }

    private static ApiCallRecord byAlex(String path) {
        return call(
                "get", path, new ApiCallRecord.Source("10.0.0.1", List.of(), "curl"), ALEX, List.of(), null, Map.of());
    }

    @Test
    void theObjectIdsAResponseReturnedAreCarriedThroughNormalizationAndRedaction() {
        // Given a capture whose response returned two ids, on a path the redactor masks (a card number in it)
        ApiCallRecord plain = byAlex("/cards/4111111111111111/statements");
        List<String> returned = List.of("hmac:0c41d9a27be35f18", "hmac:9e7a215bd04c36f2");
        ApiCallRecord call = new ApiCallRecord(
                plain.id(),
                plain.timestamp(),
                plain.durationMicros(),
                plain.api(),
                plain.source(),
                plain.destination(),
                plain.identity(),
                plain.status(),
                plain.requestBytes(),
                plain.responseBytes(),
                plain.objects(),
                plain.decision(),
                plain.traceId(),
                plain.headers(),
                null,
                List.of(),
                returned);

        // When
        NormalizedCall normalized = normalizer.normalize(call, OWN_SIDECAR, T0);

        // Then the path was redacted and the fingerprints kept as they were
        assertThat(normalized.redactions()).isNotEmpty();
        assertThat(normalized.call().returnedObjects()).isEqualTo(returned);
    }

    @Test
    void theSidecarOfThePodThatServedTheCallIsBelievedOnItsIdentity() {
        NormalizedCall normalized = normalizer.normalize(byAlex("/accounts/1044"), OWN_SIDECAR, T0);

        assertThat(normalized.call().identity()).isEqualTo(ALEX);
        assertThat(normalized.normalizedAt()).isEqualTo(T0);
    }

    @Test
    void anyoneElsesWordOnTheIdentityIsNotTakenAndWithoutHeadersTheCallerIsAnonymous() {
        assertThat(normalizer.normalize(byAlex("/a"), OTHER_POD, T0).call().identity())
                .isEqualTo(Identity.anonymous());
        assertThat(normalizer.normalize(byAlex("/a"), Sender.topic(), T0).call().identity())
                .isEqualTo(Identity.anonymous());
    }

    @Test
    void anAnonymousCaptureIsResolvedFromItsHeadersEvenFromTheServingPodsSidecar() {
        // Given: a capture that names nobody but carries a credential header
        ApiCallRecord call =
                call("GET", "/a", null, Identity.anonymous(), List.of(), null, Map.of("x-api-key", "ak-nobody-knows"));

        // When
        Identity identity = normalizer.normalize(call, OWN_SIDECAR, T0).call().identity();

        // Then: resolved from the key (unknown, so unverified), and the key is masked where it is kept
        assertThat(identity.verified()).isFalse();
        assertThat(identity.credentialFingerprint()).isNotNull();
        assertThat(normalizer.normalize(call, OWN_SIDECAR, T0).redactions()).contains("header:x-api-key");
    }

    @Test
    void theTemplateAndObjectsComeFromThePathAndObjectsAreCapped() {
        // When
        NormalizedCall normalized = normalizer.normalize(byAlex("/accounts/1044/cards/77/limits/5"), OWN_SIDECAR, T0);

        // Then
        ApiCallRecord.Api api = normalized.call().api();
        assertThat(api.method()).isEqualTo("GET");
        assertThat(api.apiId()).isNull();
        assertThat(api.pathTemplate()).isEqualTo("/accounts/{id}/cards/{id}/limits/{id}");
        assertThat(normalized.call().objects())
                .extracting(ApiCallRecord.ObjectRef::objectId)
                .containsExactly("1044", "77");
        assertThat(normalized.call().decision()).isEqualTo(ApiCallRecord.Decision.allowed());
    }

    @Test
    void whatTheRecordAlreadyKnowsIsKept() {
        // Given: a record with its API, template, objects and decision
        ApiCallRecord known = new ApiCallRecord(
                UUID.randomUUID(),
                T0,
                800,
                new ApiCallRecord.Api(
                        "api.example", "GET", "/accounts/1044", null, "/accounts/{accountId}", "api-accounts"),
                null,
                POD,
                ALEX,
                403,
                0,
                0,
                List.of(new ApiCallRecord.ObjectRef("account", "1044")),
                new ApiCallRecord.Decision(io.apiguard.common.events.DecisionOutcome.BLOCKED, "r-1"),
                null);

        // When
        ApiCallRecord normalized = normalizer.normalize(known, OWN_SIDECAR, T0).call();

        // Then
        assertThat(normalized.api().apiId()).isEqualTo("api-accounts");
        assertThat(normalized.api().pathTemplate()).isEqualTo("/accounts/{accountId}");
        assertThat(normalized.objects()).containsExactly(new ApiCallRecord.ObjectRef("account", "1044"));
        assertThat(normalized.decision().ruleId()).isEqualTo("r-1");
        assertThat(normalized.source()).isNull();
    }

    @Test
    void onlyTheRightmostForwardedHopsAreKept() {
        // Given
        ApiCallRecord longChain = call(
                "GET",
                "/a",
                new ApiCallRecord.Source("10.0.0.1", List.of("198.51.100.7, 203.0.113.1", "10.0.0.2"), "curl"),
                ALEX,
                List.of(),
                null,
                Map.of());
        ApiCallRecord shortChain = call(
                "GET",
                "/a",
                new ApiCallRecord.Source("10.0.0.1", List.of("10.0.0.2"), "curl"),
                ALEX,
                List.of(),
                null,
                Map.of());

        // When / Then
        assertThat(normalizer
                        .normalize(longChain, OWN_SIDECAR, T0)
                        .call()
                        .source()
                        .forwardedFor())
                .containsExactly("203.0.113.1, 10.0.0.2");
        assertThat(normalizer
                        .normalize(shortChain, OWN_SIDECAR, T0)
                        .call()
                        .source()
                        .forwardedFor())
                .containsExactly("10.0.0.2");
    }
}
