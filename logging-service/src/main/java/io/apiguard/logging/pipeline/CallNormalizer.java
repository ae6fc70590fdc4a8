package io.apiguard.logging.pipeline;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.identity.CallCredentials;
import io.apiguard.common.identity.IdentityResolver;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.catalog.ApiCatalog;
import io.apiguard.logging.redaction.Redactor;

/**
 * Turns a call as captured into the call every consumer sees: the caller resolved from the credential headers a
 * gateway sent (sidecars resolve in line and send none), the API id and path template from the inventory, the
 * objects named by the path, and then everything secret masked. Templates and objects are taken from the raw path,
 * before redaction, so a card number in a path is an {@code {id}} in the template and masked in the object id.
 */
@ApplicationScoped
public class CallNormalizer {

    private final IdentityResolver identities;
    private final ApiCatalog catalog;
    private final Redactor redactor;

    @Inject
    CallNormalizer(IdentityResolver identities, ApiCatalog catalog, LoggingConfig config) {
        this(identities, catalog, new Redactor(config.redaction().headers(), config.redaction().fields(),
                config.redaction().cardNumbers()));
    }

    CallNormalizer(IdentityResolver identities, ApiCatalog catalog, Redactor redactor) {
        this.identities = identities;
        this.catalog = catalog;
        this.redactor = redactor;
    }

    /** The normalized form of {@code call}, stamped {@code now}. */
    public NormalizedCall normalize(ApiCallRecord call, Instant now) {
        ApiCallRecord.Api api = call.api();
        String apiId = api.apiId();
        String template = api.pathTemplate();
        if (apiId == null || template == null) {
            ApiCatalog.Match match = catalog.match(api.host(), api.method(), api.path());
            apiId = apiId == null ? match.apiId() : apiId;
            template = template == null ? match.pathTemplate() : template;
        }
        List<ApiCallRecord.ObjectRef> objects = call.objects().isEmpty() ? PathTemplates.objects(api.path())
                : call.objects();
        Identity identity = call.identity();
        if (identity.principalType() == PrincipalType.ANONYMOUS && !call.headers().isEmpty()) {
            String peer = call.source() == null ? null : call.source().clientIp();
            identity = identities.resolve(CallCredentials.of(multiValued(call.headers()), peer));
        }
        ApiCallRecord enriched = new ApiCallRecord(call.id(), call.timestamp(), call.durationMicros(),
                new ApiCallRecord.Api(api.host(), api.method().toUpperCase(java.util.Locale.ROOT), api.path(),
                        api.query(), template, apiId),
                call.source(), call.destination(), identity, call.status(), call.requestBytes(), call.responseBytes(),
                objects, call.decision() == null ? ApiCallRecord.Decision.allowed() : call.decision(), call.traceId(),
                call.headers());
        Redactor.Result redacted = redactor.redact(enriched);
        return new NormalizedCall(redacted.call(), redacted.redactions(), now);
    }

    private static Map<String, List<String>> multiValued(Map<String, String> headers) {
        Map<String, List<String>> values = new HashMap<>();
        headers.forEach((name, value) -> values.put(name, List.of(value)));
        return values;
    }
}
