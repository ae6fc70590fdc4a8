package io.apiguard.support.security;

import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The pod behind a Kubernetes projected service-account token, as the cluster issuer signed it in the
 * {@code kubernetes.io} claim. This, never a URL or a body, says which namespace and pod a workload is.
 *
 * @param namespace      the pod's namespace
 * @param serviceAccount the service account's name
 * @param pod            the pod's name; null for a token not bound to a pod
 * @param podUid         the pod's uid; null for a token not bound to a pod
 */
public record WorkloadIdentity(String namespace, String serviceAccount, String pod, String podUid) {

    /** Identity attribute under which the augmentor keeps a workload's identity. */
    public static final String ATTRIBUTE = "apiguard.workload";

    /** {@code namespace/serviceAccount}, the form the settings name service accounts in. */
    public String serviceAccountId() {
        return namespace + "/" + serviceAccount;
    }

    /** True when the token names a pod (a bound token, as projected volumes give). */
    public boolean boundToPod() {
        return pod != null && podUid != null;
    }

    /** The workload behind {@code identity}, when it authenticated with a cluster token. */
    public static Optional<WorkloadIdentity> of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        return Optional.ofNullable(identity.getAttribute(ATTRIBUTE));
    }

    /** Reads the {@code kubernetes.io} claim; empty when the token has none or it lacks namespace or account. */
    static Optional<WorkloadIdentity> fromToken(JsonWebToken token) {
        Object claim = token.getClaim("kubernetes.io");
        if (!(claim instanceof JsonObject kubernetes)) {
            return Optional.empty();
        }
        String namespace = text(kubernetes, "namespace");
        String account = kubernetes.get("serviceaccount") instanceof JsonObject sa ? text(sa, "name") : null;
        JsonObject pod = kubernetes.get("pod") instanceof JsonObject value ? value : null;
        if (namespace == null || account == null) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadIdentity(
                namespace, account, pod == null ? null : text(pod, "name"), pod == null ? null : text(pod, "uid")));
    }

    private static String text(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString string && !string.getString().isBlank() ? string.getString() : null;
    }
}
