package io.apiguard.sidecar.enforcement;

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
     * A directory of the public keys rule sets are signed with, one PEM file per key named {@code <kid>.pem} (a
     * ConfigMap mounted here: public keys only, nothing secret in the application's namespace; two files during a
     * rotation). Without it every push is refused and nothing is pulled.
     */
    Optional<Path> verificationKeysDir();

    /** How often the key directory is read again, so a rotated ConfigMap takes effect without a restart. */
    @WithDefault("60s")
    Duration keyRefresh();

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
     * The Kubernetes namespace of the pod (Downward API): with {@link #pod()}, the sidecar's identity, which a rule set
     * must be signed for (and which its service-account token must name); it also decides the mode of policy-made
     * rules. {@code default} when unset.
     */
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

    /**
     * Callers tracked per rate-limit rule (subjects and addresses each): bounded memory. Beyond it a new caller is
     * admitted only over a less frequent one, so a flood of one-off callers cannot evict the recurring ones.
     */
    @WithDefault("100000")
    int rateLimitMaxCallers();

    /** Sidecar-wide mode. */
    enum SidecarMode {
        ENFORCE,
        MONITOR
    }

    /** Behaviour on the engine's own errors. */
    enum FailMode {
        OPEN,
        CLOSED
    }
}
