package io.apiguard.enforcement;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How enforcement-service signs and distributes rule sets (the policy has its own {@code PolicyConfig}). */
@ConfigMapping(prefix = "apiguard.enforcement")
public interface EnforcementConfig {

    /**
     * The secret shared with every sidecar (at least 16 bytes): rule sets are signed with HMAC-SHA256 under it, and a
     * sidecar refuses any push it does not verify.
     */
    String secret();

    /**
     * Custom payload signatures rules may name, id to regular expression over path and query, e.g.
     * {@code apiguard.enforcement.signatures.admin-probe=(?i)/wp-admin}; the built-in ones need no entry.
     */
    Map<String, String> signatures();

    /** Distribution of rule sets to sidecars. */
    Distribution distribution();

    /** Sidecar discovery by pod label. */
    Discovery discovery();

    /** Distribution settings. */
    interface Distribution {

        /**
         * How often sidecars whose acknowledged version is behind the current one are pushed to again, on top of the
         * push on every change and its retries.
         */
        @WithDefault("30s")
        Duration reconcileInterval();

        /** A sidecar not heard from (heartbeat or acknowledged push) for this long no longer counts as enforcing. */
        @WithDefault("60s")
        Duration staleAfter();
    }

    /** Discovery settings. */
    interface Discovery {

        /** Whether pods labelled {@link #labelSelector()} are watched (needs list/watch on pods). */
        @WithDefault("true")
        boolean enabled();

        /** The label that marks pods with a sidecar. */
        @WithDefault("apiguard.io/sidecar=enabled")
        String labelSelector();

        /** The sidecar's admin port when the pod does not name a container port {@code apiguard-admin}. */
        @WithDefault("8091")
        int adminPort();
    }
}
