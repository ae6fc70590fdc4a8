package io.apiguard.enforcement.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.apiguard.common.events.PolicyBar;
import io.apiguard.common.events.RateKey;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which detections become rules, and how (see the README's policy section). */
@ConfigMapping(prefix = "apiguard.enforcement.policy")
public interface PolicyConfig {

    /** Whether detections become rules at all (operators' rules work either way). */
    @WithDefault("true")
    boolean enabled();

    /** The mode of rules policy makes: {@code monitor} records what would have been blocked, {@code enforce} blocks. */
    @WithDefault("monitor")
    String mode();

    /**
     * Per namespace, the mode policy-made rules run in at the sidecars of that namespace (overrides {@link #mode()}),
     * e.g. {@code apiguard.enforcement.policy.namespace-modes.payments=enforce}.
     */
    Map<String, String> namespaceModes();

    /** Detection types that may become rules; all types when unset. */
    Optional<Set<String>> types();

    /** The lowest severity that becomes a rule. */
    @WithDefault(PolicyBar.MIN_SEVERITY)
    String minSeverity();

    /** The lowest confidence (0..1) that becomes a rule. */
    @WithDefault(PolicyBar.MIN_CONFIDENCE)
    double minConfidence();

    /** How long a policy-made rule stays active; a detection that goes on extends it. */
    @WithDefault("1h")
    Duration defaultTtl();

    /** The rate a {@code rate-limit-*} recommendation allows, calls per second per subject, credential or address. */
    @WithDefault("10")
    int rateLimitPerSecond();

    /** How a {@code rate-limit-api} recommendation (stuffing over rotating addresses) is answered. */
    ApiRateLimit apiRateLimit();

    /**
     * A {@code rate-limit-api} recommendation comes from an attack spread over many addresses and accounts, so no
     * per-caller bucket would slow it: its rules hold one bucket shared by every caller.
     */
    interface ApiRateLimit {

        /**
         * Calls per second every caller together may make, per API (and per operation with {@code key=operation}):
         * set it above the operation's honest peak, since honest callers draw from the same bucket during an attack.
         */
        @WithDefault("50")
        int ratePerSecond();

        /**
         * {@code operation}: one rule per API and login operation of {@link #operations()}, so the API's other
         * operations are untouched; {@code api}: one rule per API, every operation of it.
         */
        @WithDefault("operation")
        RateKey key();

        /**
         * The login operations ({@code METHOD template}) limited with {@code key=operation}: the same list as
         * detection's {@code login-failures.operations}, whose calls are the ones the recommendation counted.
         */
        @WithDefault("POST /login,POST /signin,POST /auth/login,POST /api/login,POST /session,POST /oauth/token")
        List<String> operations();
    }

    /** At most this many address rules per detection (the busiest addresses come first in a detection). */
    @WithDefault("20")
    int maxAddressesPerDetection();

    /**
     * At most this many credential rules per detection: a detection of a caller apiguard could not verify names its
     * credentials by fingerprint (the first one seen first), and is blocked by them, never by the subject they claim.
     */
    @WithDefault("20")
    int maxFingerprintsPerDetection();

    /** What is never blocked. */
    Allowlist allowlist();

    /** Allowlists, shipped to every sidecar and honoured by policy. */
    interface Allowlist {

        /** Subjects never blocked: service accounts that must keep working (backups, health checkers). */
        Optional<List<String>> subjects();

        /** Client addresses or CIDR blocks never blocked. */
        Optional<List<String>> cidrs();

        /** Path prefixes never blocked: the API's health probes. */
        @WithDefault("/q/health,/healthz,/readyz,/livez")
        List<String> pathPrefixes();
    }
}
