package io.apiguard.support.leader;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Leader election among an app's replicas ({@code apiguard.leader.*}). Off by default: a local run, the tests and a
 * single replica are always the leader. With the defaults a dead leader is replaced within 13.3 s: the lease duration,
 * then at most one candidate's try (Fabric8 waits a retry period plus up to 120 % jitter between tries). A leader that
 * cannot renew stops its leader-only work after the renew deadline, before the lease can pass to another replica.
 */
@ConfigMapping(prefix = "apiguard.leader")
public interface LeaderConfig {

    /** Whether replicas compete for a Lease; when false this replica is always the leader. */
    @WithDefault("false")
    boolean enabled();

    /** Name of the Lease ({@code coordination.k8s.io/v1}); defaults to the application name, one lease per app. */
    Optional<String> leaseName();

    /** Namespace of the Lease; defaults to {@code POD_NAMESPACE} (downward API), then the client's namespace. */
    Optional<String> namespace();

    /** This replica's identity in the Lease; defaults to {@code POD_NAME} (downward API), then the host name. */
    Optional<String> identity();

    /** How long a lease holds without renewal: other replicas take over only after it ran out. */
    @WithDefault("10s")
    Duration leaseDuration();

    /** How long the leader keeps trying to renew before it gives up leading; must be shorter than the lease duration. */
    @WithDefault("8s")
    Duration renewDeadline();

    /** How often candidates try to acquire, and the leader to renew; must be shorter than the renew deadline. */
    @WithDefault("1500ms")
    Duration retryPeriod();

    /** Whether a replica that shuts down releases the lease, so another takes over at once instead of after it ran out. */
    @WithDefault("true")
    boolean releaseOnShutdown();
}
