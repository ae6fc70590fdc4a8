package io.apiguard.sidecar.sync;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.sidecar.enforcement.EnforcementConfig;

/**
 * Who this sidecar is: its pod's namespace and name (Downward API), the identity its service-account token names to
 * enforcement-service and the audience every rule set must be signed for.
 *
 * <p>Threading: resolved once when the bean is created (the host name lookup, outside Kubernetes, happens then, not
 * on a call's path); immutable afterwards and read from any thread.
 */
@ApplicationScoped
public class SidecarName {

    private final String namespace;
    private final String pod;

    SidecarName(EnforcementConfig config) {
        this.namespace = config.namespace().orElse("default");
        this.pod = config.pod().orElseGet(SidecarName::hostName);
    }

    /** The pod's namespace; {@code default} outside Kubernetes. */
    public String namespace() {
        return namespace;
    }

    /** The pod's name; the host name outside Kubernetes. */
    public String pod() {
        return pod;
    }

    /** {@code namespace/pod}: the audience of the rule sets meant for this sidecar. */
    public String id() {
        return namespace + "/" + pod;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "sidecar";
        }
    }
}
