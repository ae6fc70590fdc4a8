package io.apiguard.detection;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** Settings of detection-service ({@code apiguard.detection.*}); one group per detector. */
@ConfigMapping(prefix = "apiguard.detection")
public interface DetectionConfig {

    /** How signals become incidents. */
    Incidents incidents();

    /** Persistence of learned baselines. */
    Baselines baselines();

    /** False-positive verdicts and the allowlist entries they create. */
    FalsePositives falsePositives();

    /** The audit records of operator actions. */
    Audit audit();

    /** Object enumeration / BOLA (API1). */
    ObjectEnumeration objectEnumeration();

    /** Authentication attacks (API2). */
    AuthAttacks authAttacks();

    /** Login failures per login API far above its own ratio: stuffing over rotating addresses (API2). */
    LoginFailures loginFailures();

    /** Exfiltration by volume (API3/API4). */
    Exfiltration exfiltration();

    /** Sensitive data classes in responses: new on an API, or far above a caller's baseline (API3). */
    SensitiveData sensitiveData();

    /** Function-level abuse (API5). */
    FunctionAbuse functionAbuse();

    /** Injection and SSRF payloads (API7/API8/API10). */
    Injection injection();

    /** Request-rate anomaly (API4). */
    RateAnomaly rateAnomaly();

    /** Network egress after a detection. */
    EgressCorrelation egressCorrelation();

    /** What every detector group has: its switch. */
    interface Switch {
        /** Whether it runs. */
        @WithDefault("true")
        boolean enabled();
    }

    /**
     * How a detector that learns an EWMA baseline per key judges a window against it: far above is both this many
     * standard deviations and this multiple of the mean. Read at the detector's own level ({@code @WithParentName}):
     * {@code apiguard.detection.rate-anomaly.deviations}, not {@code ...rate-anomaly.baseline.deviations}.
     */
    interface Baseline {
        /** Standard deviations above the baseline that count as far above. */
        @WithDefault("4")
        double deviations();

        /** And the multiple of its mean. */
        @WithDefault("3")
        double factor();

        /** EWMA weight of a new window. */
        @WithDefault("0.2")
        double alpha();
    }

    /** Incidents. */
    interface Incidents {
        /** An incident without a new signal for this long closes; also the bucket of its stable id. */
        @WithDefault("30m")
        Duration idleTimeout();

        /** Minimum time between two published updates of one incident (a severity rise publishes at once). */
        @WithDefault("10s")
        Duration publishInterval();

        /** Open incidents kept per partition. */
        @WithDefault("10000")
        int maxOpen();

        /** How often quiet incidents are closed. */
        @WithDefault("30s")
        Duration sweepInterval();
    }

    /** Baselines. */
    interface Baselines {
        /** How often every partition's learned baselines are written to PostgreSQL. */
        @WithDefault("60s")
        Duration flushInterval();

        /**
         * How often the false-positive allowlist is reloaded: entries other replicas add or withdraw take effect here
         * within this time (expiry needs no reload).
         */
        @WithDefault("30s")
        Duration allowlistRefresh();
    }

    /** False positives. */
    interface FalsePositives {
        /** How long a verdict's allowlist entry suppresses its type for the subject when no allowFor is given. */
        @WithDefault("P7D")
        Duration defaultAllowFor();

        /** The longest allowFor an operator may ask for; a longer one is refused (400). At least default-allow-for. */
        @WithDefault("P90D")
        Duration maxAllowFor();
    }

    /** Audit. */
    interface Audit {
        /**
         * How long an operator action waits for apiguard.audit to acknowledge its record before it is refused (503)
         * and rolled back.
         */
        @WithDefault("15s")
        Duration ackTimeout();
    }

    /** Object enumeration. */
    interface ObjectEnumeration extends Switch {
        /** Tumbling window per subject and endpoint template. */
        @WithDefault("5m")
        Duration window();

        /** Distinct objects in a window below which nothing is raised. */
        @WithDefault("30")
        int minDistinct();

        /** How far above the subject's and the endpoint's baselines counts as far above, and how they learn. */
        @WithParentName
        Baseline baseline();

        /** Windows before a baseline is trusted. */
        @WithDefault("3")
        int minBaselineWindows();

        /** Consecutive ids differing by one that count as id walking. */
        @WithDefault("20")
        int sequentialRun();

        /** 404 answers on object ids in a window that count as probing. */
        @WithDefault("20")
        int notFoundMin();

        /** And the share of the window's calls they must be. */
        @WithDefault("0.5")
        double notFoundRatio();

        /** Distinct ids counted per subject and endpoint per window. */
        @WithDefault("1024")
        int maxObjectsPerKey();

        /** Subject and endpoint pairs kept per partition (and as many address or unverified-credential pairs, apart). */
        @WithDefault("100000")
        int maxKeys();
    }

    /** Authentication attacks. */
    interface AuthAttacks extends Switch {
        /** Tumbling window. */
        @WithDefault("1m")
        Duration window();

        /** 401/403 answers in a window (per address or subject) that make a burst. */
        @WithDefault("20")
        int failureBurst();

        /** And the share of the window's calls they must be. */
        @WithDefault("0.5")
        double failureRatio();

        /** Distinct subjects or credentials failing from one address in a window (credential stuffing). */
        @WithDefault("10")
        int stuffingPrincipals();

        /** Distinct client addresses of one subject in a window. */
        @WithDefault("10")
        int subjectAddresses();

        /** Addresses and principals kept per partition (unverified credentials apart from subjects, as many). */
        @WithDefault("100000")
        int maxKeys();
    }

    /** Login failures per login API, counted on the repartitioned stream under {@code login:<api id>}. */
    interface LoginFailures extends Switch {
        /**
         * The login operations, as {@code METHOD template} ({@code POST /login}): their calls are repartitioned by
         * login API and counted here.
         */
        @WithDefault("POST /login,POST /signin,POST /auth/login,POST /api/login,POST /session,POST /oauth/token")
        List<String> operations();

        /** Tumbling window. */
        @WithDefault("1m")
        Duration window();

        /** Failed logins (401/403) in a window below which nothing is raised. */
        @WithDefault("30")
        int minFailures();

        /** The failure ratio below which nothing is raised, whatever the baseline. */
        @WithDefault("0.5")
        double minRatio();

        /** And the multiple of the API's own failure ratio the window's must reach. */
        @WithDefault("3")
        double factor();

        /** The failure ratio assumed of a login API not learned yet (honest users' mistyped passwords). */
        @WithDefault("0.1")
        double priorRatio();

        /** Windows before an API's own ratio replaces the prior. */
        @WithDefault("5")
        int minBaselineWindows();

        /** Login calls a window needs to be learned. */
        @WithDefault("20")
        int minLearnCalls();

        /** EWMA weight of a new window. */
        @WithDefault("0.2")
        double alpha();

        /** Login APIs kept per partition (and as many target accounts, apart). */
        @WithDefault("10000")
        int maxKeys();

        /**
         * Failed logins to one account (the record's {@code inspection.targetAccount}) in a window that count as an
         * attack on it.
         */
        @WithDefault("10")
        int accountFailures();

        /** And the distinct addresses they must come from. */
        @WithDefault("5")
        int accountAddresses();
    }

    /** Exfiltration by volume. */
    interface Exfiltration extends Switch {
        /** Tumbling window. */
        @WithDefault("5m")
        Duration window();

        /** How far above the subject's baseline counts as far above, and how it learns. */
        @WithParentName
        Baseline baseline();

        /** Windows before a subject's baseline is trusted. */
        @WithDefault("5")
        int minBaselineWindows();

        /** Response bytes in a window below which nothing is raised. */
        @WithDefault("1000000")
        long minBytes();

        /** Records (objects returned) in a window below which the record count raises nothing. */
        @WithDefault("200")
        long minRecords();

        /** Subjects kept per partition (and as many addresses and unverified credentials, apart). */
        @WithDefault("100000")
        int maxSubjects();
    }

    /** Sensitive data classes in responses ({@code dataClasses} of each call). */
    interface SensitiveData extends Switch {
        /** Calls of an API without a data class before the class's first appearance raises a detection. */
        @WithDefault("1000")
        long baselineCalls();

        /** Data classes (wire values) whose per-caller volume is watched and whose first appearance is serious. */
        @WithDefault("card-number,iban,national-id,token")
        Set<String> sensitiveClasses();

        /** Tumbling window of the per-caller count. */
        @WithDefault("5m")
        Duration window();

        /** How far above the caller's baseline counts as far above, and how it learns. */
        @WithParentName
        Baseline baseline();

        /** Windows before a caller's baseline is trusted. */
        @WithDefault("5")
        int minBaselineWindows();

        /** Records of a class in a window below which nothing is raised. */
        @WithDefault("50")
        long minRecords();

        /** APIs kept per partition. */
        @WithDefault("100000")
        int maxApis();

        /** Callers kept per partition (and as many addresses and unverified credentials, apart). */
        @WithDefault("100000")
        int maxSubjects();
    }

    /** Function-level abuse. */
    interface FunctionAbuse extends Switch {
        /** Regular expression, found anywhere in the path template, that marks admin endpoints. */
        @WithDefault("(^|/)(admin|internal|management|actuator)(/|$)")
        String adminPath();

        /** Roles allowed to call admin endpoints (case-insensitive). */
        @WithDefault("admin,administrator")
        Set<String> adminRoles();

        /** Refused admin calls of one subject in a window that raise a detection (one success is enough). */
        @WithDefault("3")
        int deniedAdminCalls();

        /** Event time after a role's first call during which it only learns its operations. */
        @WithDefault("24h")
        Duration learningPeriod();

        /** Calls a role must have made before it is judged. */
        @WithDefault("200")
        int minLearningCalls();

        /** Tumbling window for counting. */
        @WithDefault("10m")
        Duration window();

        /** Calls of never-seen operations by one subject in a window that raise a detection. */
        @WithDefault("3")
        int unusualCalls();

        /** Distinct subjects of a role calling a new operation that make it part of the role. */
        @WithDefault("3")
        int adoptAfterSubjects();

        /** Operations learned per role. */
        @WithDefault("512")
        int maxOperationsPerRole();

        /** Roles and subjects kept per partition (and as many addresses and unverified credentials, apart). */
        @WithDefault("50000")
        int maxKeys();
    }

    /** Injection and SSRF. */
    interface Injection extends Switch {
        /**
         * Signature families: sql-injection, xss, path-traversal, command-injection, ssrf, remote-file-inclusion,
         * php-injection, nodejs-injection, template-injection, jndi-lookup, java-deserialization.
         */
        @WithDefault("sql-injection,xss,path-traversal,command-injection,ssrf,remote-file-inclusion,php-injection,"
                + "nodejs-injection,template-injection,jndi-lookup,java-deserialization")
        List<String> families();
    }

    /** Request-rate anomaly. */
    interface RateAnomaly extends Switch {
        /** Tumbling window. */
        @WithDefault("1m")
        Duration window();

        /** How far above the key's baseline counts as far above, and how it learns. */
        @WithParentName
        Baseline baseline();

        /** Windows before a baseline is trusted. */
        @WithDefault("5")
        int minBaselineWindows();

        /** Calls in a window below which nothing is raised. */
        @WithDefault("120")
        int minCalls();

        /** Calls in a window that raise a detection for a subject or address without a learned baseline. */
        @WithDefault("3000")
        int unlearnedCeiling();

        /** Subjects and addresses kept per partition (and as many unverified credentials, apart). */
        @WithDefault("100000")
        int maxKeys();
    }

    /** Egress correlation. */
    interface EgressCorrelation extends Switch {
        /** How long after a detection its client addresses are watched. */
        @WithDefault("30m")
        Duration watchFor();

        /** Tumbling egress window. */
        @WithDefault("1m")
        Duration window();

        /** Bytes sent in a window below which nothing is raised. */
        @WithDefault("10000000")
        long minBytes();

        /** How far above the address's egress baseline counts as unusual, and how it learns. */
        @WithParentName
        Baseline baseline();

        /** Windows before an egress baseline is trusted. */
        @WithDefault("3")
        int minBaselineWindows();

        /** Addresses kept. */
        @WithDefault("100000")
        int maxAddresses();

        /** Card skimming: an API pod that serves card data and starts sending to a destination it never talked to. */
        CardSkimming cardSkimming();
    }

    /**
     * The card-skimming correlation ({@code card-data-egress}): a pod's destinations are learned from its own flows
     * (those that name their source pod: Hubble's); the baseline is ready after {@code min-flows} flows spanning
     * {@code min-periods} distinct periods of {@code period}, not after a calendar delay.
     */
    interface CardSkimming extends Switch {
        /** How close in time a card-data call and a flow to a new destination must be to be joined. */
        @WithDefault("5m")
        Duration around();

        /** The length of a baseline period. */
        @WithDefault("10m")
        Duration period();

        /** Flows from a pod before its destinations are a baseline. */
        @WithDefault("30")
        int minFlows();

        /** Distinct periods those flows must span. */
        @WithDefault("3")
        int minPeriods();

        /**
         * Whether only destinations outside the cluster count as new (a flow that names the destination's pod stays
         * inside the cluster).
         */
        @WithDefault("true")
        boolean offsiteOnly();

        /** Pods kept (least recently seen dropped beyond). */
        @WithDefault("10000")
        int maxPods();

        /** Destinations kept per pod. */
        @WithDefault("1000")
        int maxDestinations();

        /** Recent card-data calls kept per pod. */
        @WithDefault("200")
        int maxCalls();
    }
}
