package io.apiguard.sidecar.rules;

import io.apiguard.common.inspect.RequestContent;

/**
 * What the rule engine knows of a call before it is forwarded. Immutable; the proxy builds one per call from what it
 * resolved (identity, real client address) and what the request says.
 *
 * <p>Threading: built and read on the event loop that handles the call, never shared between calls; being a record
 * of final fields it would be safe to hand to another thread.
 *
 * @param subject               the caller's identity subject; null for anonymous callers
 * @param credentialFingerprint the credential's fingerprint ({@code sha256:} + 16 hex); null when none was presented
 * @param clientIp              the real client address (after trusted {@code X-Forwarded-For} hops); may be null
 * @param apiId                 the inventoried API the call maps to (the rule set's route table); null when unknown
 * @param method                HTTP method, upper-case
 * @param pathTemplate          the path with variable segments as {@code {id}} ({@code PathTemplates.template(path)})
 * @param path                  the request path as received (not decoded)
 * @param rawQuery              the query string as received, without {@code ?}; null when there is none
 * @param routeTemplate         the operation template the route table gives ({@code /accounts/{accountId}}), declared
 *                              preferred to learned; null when none fits. A rule's {@code pathTemplate} matches it or
 *                              {@code pathTemplate}.
 * @param content               the request's headers and body as the proxy read them ({@link RequestContent#NONE}
 *                              when it read nothing beyond the URI); never null
 */
public record CallFacts(
        String subject,
        String credentialFingerprint,
        String clientIp,
        String apiId,
        String method,
        String pathTemplate,
        String path,
        String rawQuery,
        String routeTemplate,
        RequestContent content) {

    public CallFacts {
        content = content == null ? RequestContent.NONE : content;
    }

    /** The facts of a call of which the proxy read nothing beyond the URI. */
    public CallFacts(
            String subject,
            String credentialFingerprint,
            String clientIp,
            String apiId,
            String method,
            String pathTemplate,
            String path,
            String rawQuery,
            String routeTemplate) {
        this(
                subject,
                credentialFingerprint,
                clientIp,
                apiId,
                method,
                pathTemplate,
                path,
                rawQuery,
                routeTemplate,
                RequestContent.NONE);
    }

    /** The facts of a call the route table knows nothing of. */
    public CallFacts(
            String subject,
            String credentialFingerprint,
            String clientIp,
            String apiId,
            String method,
            String pathTemplate,
            String path,
            String rawQuery) {
        this(subject, credentialFingerprint, clientIp, apiId, method, pathTemplate, path, rawQuery, null);
    }
}
