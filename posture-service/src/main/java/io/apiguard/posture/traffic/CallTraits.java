package io.apiguard.posture.traffic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.paths.PathTemplates;

/**
 * Classifies one normalized call for the traffic rules: authenticated or not, individual or shared account,
 * credentials or sensitive data in the query, numeric object ids, the data classes its response carried. Pure and
 * thread-safe.
 */
public final class CallTraits {

    private static final int MAX_ID_DIGITS = 18;

    private final Set<String> credentialParameters;
    private final Set<String> sensitiveParameters;

    /**
     * @param credentialParameters query parameter names that carry credentials, any case
     * @param sensitiveParameters  query parameter names that carry sensitive data, any case
     */
    public CallTraits(List<String> credentialParameters, List<String> sensitiveParameters) {
        this.credentialParameters = lower(credentialParameters);
        this.sensitiveParameters = lower(sensitiveParameters);
    }

    /** The traits of {@code normalized}. */
    public Traits of(NormalizedCall normalized) {
        ApiCallRecord call = normalized.call();
        Identity identity = call.identity();
        boolean anonymous =
                identity.principalType() == PrincipalType.ANONYMOUS || identity.authMethod() == AuthMethod.NONE;
        boolean sharedOnly = !anonymous && !identity.isIndividual() && identity.serviceAccount() != null;
        List<String> credentialNames = new ArrayList<>(1);
        List<String> sensitive = new ArrayList<>(1);
        for (String redaction : normalized.redactions()) {
            if (redaction.startsWith("query:") || redaction.equals("token:query") || redaction.equals("field:query")) {
                credentialNames.add(redaction);
            } else if (redaction.startsWith("card-number:")) {
                sensitive.add(redaction);
            }
        }
        String query = call.api().query();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = (equals < 0 ? pair : pair.substring(0, equals)).toLowerCase(Locale.ROOT);
                if (credentialParameters.contains(name)) {
                    credentialNames.add("query:" + name);
                } else if (sensitiveParameters.contains(name)) {
                    sensitive.add("query:" + name);
                }
            }
        }
        List<ApiCallRecord.ObjectRef> objects =
                call.objects().isEmpty() ? PathTemplates.objects(call.api().path()) : call.objects();
        long[] ids = null;
        int count = 0;
        for (ApiCallRecord.ObjectRef object : objects) {
            long id = numeric(object.objectId());
            if (id >= 0) {
                if (ids == null) {
                    ids = new long[objects.size()];
                }
                ids[count++] = id;
            }
        }
        long[] numericIds = ids == null ? new long[0] : Arrays.copyOf(ids, count);
        return new Traits(
                call.status() < 400,
                anonymous,
                sharedOnly,
                sharedOnly ? identity.serviceAccount() : null,
                credentialNames,
                call.status() >= 500,
                sensitive,
                numericIds,
                call.dataClasses());
    }

    /**
     * What one call shows.
     *
     * @param successful      answered below 400
     * @param anonymous       no credential
     * @param sharedOnly      only a shared account is known
     * @param sharedAccount   that account, when {@code sharedOnly}
     * @param credentialNames where credentials appeared in the query string
     * @param serverError     answered 5xx
     * @param sensitive       sensitive data indicators
     * @param numericIds      numeric object ids the call touched
     * @param dataClasses     data classes (wire values) its response carried, as the sidecar found them
     */
    public record Traits(
            boolean successful,
            boolean anonymous,
            boolean sharedOnly,
            String sharedAccount,
            List<String> credentialNames,
            boolean serverError,
            List<String> sensitive,
            long[] numericIds,
            List<String> dataClasses) {

        /** A call whose response was not inspected. */
        public Traits(
                boolean successful,
                boolean anonymous,
                boolean sharedOnly,
                String sharedAccount,
                List<String> credentialNames,
                boolean serverError,
                List<String> sensitive,
                long[] numericIds) {
            this(
                    successful,
                    anonymous,
                    sharedOnly,
                    sharedAccount,
                    credentialNames,
                    serverError,
                    sensitive,
                    numericIds,
                    List.of());
        }
    }

    /** The id as a non-negative number, or -1 when it is not a plain number that fits a long. */
    static long numeric(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_ID_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Set<String> lower(List<String> names) {
        return names.stream()
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
