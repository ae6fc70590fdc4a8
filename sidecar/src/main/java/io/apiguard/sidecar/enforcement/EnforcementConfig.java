package io.apiguard.sidecar.enforcement;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the sidecar enforces rules and keeps its rule set current. enforcement-service's address is the REST client's
 * ({@code quarkus.rest-client.enforcement.url}).
 */
@ConfigMapping(prefix = "apiguard.sidecar.enforcement")
public interface EnforcementConfig {

    /** Whether calls are checked against rules at all; when off every call is forwarded. */
    @WithDefault("true")
    boolean enabled();

    /** {@code enforce}: rules act as their mode says; {@code monitor}: every rule only records what it would do. */
    @WithDefault("enforce")
    SidecarMode mode();

    /** What a call gets when the engine itself fails: {@code open} forwards it, {@code closed} answers 503. */
    @WithDefault("open")
    FailMode failMode();

    /**
     * The secret shared with enforcement-service (at least 16 bytes) that signs pushed and pulled rule sets. Without
     * it every push is refused and nothing is pulled.
     */
    Optional<String> secret();

    /** How old (or how far ahead, for clock skew) a signature may be. */
    @WithDefault("5m")
    Duration signatureTolerance();

    /** Whether the sidecar registers with enforcement-service, sends heartbeats and pulls the rule set. */
    @WithDefault("true")
    boolean controlPlane();

    /** The fallback pull: how often the current set is fetched even without a push, so a missed push heals. */
    @WithDefault("30s")
    Duration pullInterval();

    /** How often the sidecar tells enforcement-service it is alive (with the version it enforces). */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /**
     * The base URL enforcement-service pushes to (this admin port), e.g. {@code http://10.1.2.3:8091}. Defaults to
     * this host's address and the HTTP port.
     */
    Optional<URI> adminUrl();

    /** The Kubernetes namespace of the pod (Downward API); decides the mode of policy-made rules. */
    Optional<String> namespace();

    /** The pod's name (Downward API); defaults to the host name. */
    Optional<String> pod();

    /** The Kubernetes Service of the API this sidecar fronts, declared at registration (coverage of external APIs). */
    Optional<String> service();

    /**
     * A file where the last accepted (signed) rule set is kept, so a sidecar restarted while enforcement-service is
     * down enforces it at once; e.g. {@code /tmp/apiguard-rules.json} on the pod's emptyDir.
     */
    Optional<Path> stateFile();

    /** Callers tracked per rate-limit rule; beyond this, new callers share one bucket (bounded memory). */
    @WithDefault("100000")
    int rateLimitMaxCallers();

    /** Sidecar-wide mode. */
    enum SidecarMode {
        ENFORCE, MONITOR
    }

    /** Behaviour on the engine's own errors. */
    enum FailMode {
        OPEN, CLOSED
    }
}
