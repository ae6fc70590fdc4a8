package io.apiguard.logging.audit;

import java.time.Instant;
import java.util.List;

/**
 * The audit trail of one person over a period: what they touched, through which accounts, from where.
 *
 * @param subject         the individual
 * @param from            start of the period (inclusive)
 * @param to              end of the period (exclusive)
 * @param calls           calls made
 * @param firstSeen       first call in the period
 * @param lastSeen        last call in the period
 * @param serviceAccounts shared accounts the calls came through
 * @param clientIps       addresses the calls came from
 * @param apis            APIs and operations called, most used first
 * @param objects         objects touched, most touched first
 */
public record SubjectAudit(
        String subject,
        Instant from,
        Instant to,
        long calls,
        Instant firstSeen,
        Instant lastSeen,
        List<String> serviceAccounts,
        List<String> clientIps,
        List<ApiUse> apis,
        List<ObjectUse> objects) {

    /** One operation of one API as used by the subject. */
    public record ApiUse(
            String apiId, String method, String pathTemplate, long calls, Instant firstSeen, Instant lastSeen) {}

    /** One object as touched by the subject. */
    public record ObjectUse(String resourceType, String objectId, long calls, Instant firstSeen, Instant lastSeen) {}
}
