package io.apiguard.logging.pipeline;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.identity.CallCredentials;
import io.apiguard.common.identity.ClientAddress;
import io.apiguard.common.identity.IdentityResolver;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.catalog.ApiCatalog;
import io.apiguard.logging.redaction.Redactor;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;

/**
 * Turns a call as captured into the call every consumer sees: the caller as far as it can be verified (see
 * {@link Sender}: the capturing sidecar's word, else resolved from the credential headers a gateway sent, else
 * anonymous), the API id and path template from the inventory, the objects named by the path (at most
 * {@code max-objects}), the rightmost {@code max-forwarded-hops} forwarded-for hops, and then everything secret masked.
 * Templates and objects are taken from the raw path, before redaction, so a card number in a path is an {@code {id}} in
 * the template and masked in the object id. Thread-safe.
 */
@ApplicationScoped
public class CallNormalizer {

    private final IdentityResolver identities;
    private final ApiCatalog catalog;
    private final Redactor redactor;
    private final int maxObjects;
    private final int maxForwardedHops;

    @Inject
    CallNormalizer(IdentityResolver identities, ApiCatalog catalog, LoggingConfig config) {
        // The resolver is created here, at start (see buildResolverAtStart), not by the first gateway record:
        // creating it refuses, in the prod profile, JWT resolution without a key, which must fail the start.
        this(
                ClientProxy.unwrap(identities),
                catalog,
                Redactor.of(config.redaction()),
                config.ingest().maxObjects(),
                config.ingest().maxForwardedHops());
    }

    CallNormalizer(
            IdentityResolver identities, ApiCatalog catalog, Redactor redactor, int maxObjects, int maxForwardedHops) {
        this.identities = identities;
        this.catalog = catalog;
        this.redactor = redactor;
        this.maxObjects = maxObjects;
        this.maxForwardedHops = maxForwardedHops;
    }

    /**
     * Creates this normalizer, and with it the identity resolver, while the app starts: a production configuration that
     * cannot verify tokens (JWT resolution without a key) then fails the start instead of the first gateway record.
     */
    void buildResolverAtStart(@Observes StartupEvent event) {
        // nothing more: being notified is what creates the bean
    }

    /** The normalized form of {@code call}, handed over by {@code sender}, stamped {@code now}. */
    public NormalizedCall normalize(ApiCallRecord call, Sender sender, Instant now) {
        ApiCallRecord.Api api = call.api();
        String apiId = api.apiId();
        String template = api.pathTemplate();
        if (apiId == null || template == null) {
            ApiCatalog.Match match = catalog.match(api.host(), api.method(), api.path());
            apiId = apiId == null ? match.apiId() : apiId;
            template = template == null ? match.pathTemplate() : template;
        }
        List<ApiCallRecord.ObjectRef> objects =
                call.objects().isEmpty() ? PathTemplates.objects(api.path()) : call.objects();
        if (objects.size() > maxObjects) {
            objects = objects.subList(0, maxObjects);
        }
        ApiCallRecord enriched = new ApiCallRecord(
                call.id(),
                call.timestamp(),
                call.durationMicros(),
                new ApiCallRecord.Api(
                        api.host(), api.method().toUpperCase(Locale.ROOT), api.path(), api.query(), template, apiId),
                source(call.source()),
                call.destination(),
                identity(call, sender),
                call.status(),
                call.requestBytes(),
                call.responseBytes(),
                objects,
                call.decision() == null ? ApiCallRecord.Decision.allowed() : call.decision(),
                call.traceId(),
                call.headers(),
                call.inspection(),
                call.dataClasses(),
                call.returnedObjects());
        Redactor.Result redacted = redactor.redact(enriched);
        return new NormalizedCall(redacted.call(), redacted.redactions(), now);
    }

    /**
     * The caller as far as it can be verified: the identity the capturing sidecar resolved in line; else whatever the
     * record's credential headers prove, the trusted-proxy check against the sender's connection; else nobody. The
     * identity a record merely states is never taken from anyone else.
     */
    private Identity identity(ApiCallRecord call, Sender sender) {
        Identity stated = call.identity();
        if (sender.capturedItself(call) && stated.principalType() != PrincipalType.ANONYMOUS) {
            return stated;
        }
        if (call.headers().isEmpty()) {
            return Identity.anonymous();
        }
        return identities.resolve(CallCredentials.of(multiValued(call.headers()), sender.peerAddress()));
    }

    /** The source with at most the rightmost {@code maxForwardedHops} hops: the ones proxies appended. */
    private ApiCallRecord.Source source(ApiCallRecord.Source source) {
        if (source == null || source.forwardedFor().isEmpty()) {
            return source;
        }
        List<String> hops = ClientAddress.chain(source.forwardedFor());
        if (hops.size() <= maxForwardedHops) {
            return source;
        }
        return new ApiCallRecord.Source(
                source.clientIp(),
                List.of(String.join(", ", hops.subList(hops.size() - maxForwardedHops, hops.size()))),
                source.userAgent());
    }

    private static Map<String, List<String>> multiValued(Map<String, String> headers) {
        Map<String, List<String>> values = new HashMap<>();
        headers.forEach((name, value) -> values.put(name, List.of(value)));
        return values;
    }
}
