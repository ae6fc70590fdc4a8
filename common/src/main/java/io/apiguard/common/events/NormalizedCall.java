package io.apiguard.common.events;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code apiguard.calls.normalized}: a call after logging-service resolved the identity, redacted secrets
 * and applied the inventory's path template; keyed by the identity's subject.
 *
 * @param call         the redacted, templated call
 * @param redactions   what was redacted (header, query parameter or field names; never values)
 * @param normalizedAt when normalization happened
 */
public record NormalizedCall(ApiCallRecord call, List<String> redactions, Instant normalizedAt) {

    public NormalizedCall {
        Require.present(call, "call");
        Require.present(normalizedAt, "normalizedAt");
        redactions = Require.list(redactions, "redactions");
    }
}
