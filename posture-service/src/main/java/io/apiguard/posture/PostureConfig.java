package io.apiguard.posture;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of posture-service: evaluation cadence, rule thresholds, scores and the maturity criteria. */
@ConfigMapping(prefix = "apiguard.posture")
public interface PostureConfig {

    /** How often every API is evaluated again, besides the evaluation each inventory event triggers. */
    @WithDefault("5m")
    Duration evaluationInterval();

    /** How often traffic counters, evaluation times and confirmations of unchanged findings are written. */
    @WithDefault("30s")
    Duration flushInterval();

    /** How long an acknowledgement lasts when the request names no {@code until}. */
    @WithDefault("30d")
    Duration defaultAcknowledgement();

    /**
     * Longest an operator action waits for the broker to acknowledge its audit record on {@code apiguard.audit}; the
     * action fails with 503 and is not applied when the record is not acknowledged in time. Keep it above the audit
     * channel's {@code delivery.timeout.ms}, so the producer gives up on the record first.
     */
    @WithDefault("15s")
    Duration auditTimeout();

    /** Thresholds of the traffic rules. */
    Traffic traffic();

    /** Weights of the per-API score. */
    Scores scores();

    /** The maturity criteria. */
    Maturity maturity();

    /** Thresholds of the rules over traffic aggregates. */
    interface Traffic {

        /**
         * Length of one traffic window; rules look at the current and the previous window, so a fixed API clears
         * after at most two windows of clean traffic.
         */
        @WithDefault("1h")
        Duration window();

        /** Calls an API needs in the windows before share-based traffic rules judge it. */
        @WithDefault("20")
        long minCalls();

        /** Share of successful calls without authentication above which an API is flagged. */
        @WithDefault("0.05")
        double maxUnauthenticatedShare();

        /** Share of authenticated calls that name only a shared account above which an API is flagged. */
        @WithDefault("0.5")
        double maxSharedAccountShare();

        /** Share of calls answered 5xx above which an API is flagged for verbose failure. */
        @WithDefault("0.05")
        double maxServerErrorShare();

        /** Distinct numeric object ids needed before the id density is judged. */
        @WithDefault("10")
        int minNumericIds();

        /** Distinct ids over the span {@code max - min + 1} at or above which ids count as sequential. */
        @WithDefault("0.2")
        double sequentialIdDensity();

        /** Query parameter names that carry credentials, any case. */
        @WithDefault(
                "access_token,token,id_token,api_key,apikey,api-key,key,password,passwd,secret,client_secret,jwt,session,sessionid,auth")
        List<String> credentialParameters();

        /** Query parameter names that carry sensitive personal or payment data, any case. */
        @WithDefault(
                "ssn,social_security_number,email,phone,dob,birthdate,date_of_birth,iban,card,card_number,cardnumber,pan,cvv,passport,tax_id,national_id")
        List<String> sensitiveParameters();
    }

    /** Points an open finding takes off its API's score of 100, by severity. */
    interface Scores {

        @WithDefault("40")
        int critical();

        @WithDefault("20")
        int high();

        @WithDefault("10")
        int medium();

        @WithDefault("4")
        int low();

        @WithDefault("0")
        int info();
    }

    /** What each maturity level needs, and how the other services' status is asked for. */
    interface Maturity {

        Level1 level1();

        Level2 level2();

        Level3 level3();

        Level4 level4();

        Level5 level5();

        /** How posture-service calls the other services' {@code GET /api/v1/status}. */
        StatusCalls statusCalls();
    }

    /**
     * The guard around each status call (SmallRye Fault Tolerance): a timeout per attempt, retries, and a circuit
     * breaker per service. The services' base URLs are {@code quarkus.rest-client.<service>.url}.
     */
    interface StatusCalls {

        /** Longest one attempt may take before it counts as failed. */
        @WithDefault("1500ms")
        Duration timeout();

        /** Attempts after the first when a call fails. */
        @WithDefault("1")
        int maxRetries();

        /** Pause before a retry. */
        @WithDefault("50ms")
        Duration retryDelay();

        /** Calls the breaker of one service looks back on before it may open. */
        @WithDefault("4")
        int breakerRequestVolume();

        /** Share of failed calls among those at which the breaker opens. */
        @WithDefault("0.75")
        double breakerFailureRatio();

        /** How long an open breaker refuses calls before it lets one through to try again. */
        @WithDefault("10s")
        Duration breakerDelay();

        /** Longest the TCP connection to a service may take. */
        @WithDefault("1s")
        Duration connectTimeout();

        /** Longest a service may take to answer once connected (the guard's timeout is usually shorter). */
        @WithDefault("3s")
        Duration readTimeout();
    }

    /** Level 1: discovery runs, its informer is synced, and observed traffic maps to inventoried APIs. */
    interface Level1 {

        /** Minimum share of observed calls that map to an inventoried API. */
        @WithDefault("0.95")
        double minTrafficMappedShare();
    }

    /** Level 2: active APIs send call logs and calls resolve to individuals. */
    interface Level2 {

        /** Minimum share of active inventoried APIs that sent call logs in the last hour. */
        @WithDefault("0.9")
        double minReportingShare();

        /** Minimum share of logged calls that resolve to an individual identity. */
        @WithDefault("0.9")
        double minIdentityShare();
    }

    /** Level 3 (posture's own): every API evaluated recently, no open unacknowledged critical finding. */
    interface Level3 {

        /** How recent an API's last evaluation must be. */
        @WithDefault("1h")
        Duration maxEvaluationAge();

        /** Minimum share of inventoried APIs evaluated within {@link #maxEvaluationAge()}. */
        @WithDefault("1.0")
        double minEvaluatedShare();

        /** Most open, unacknowledged critical findings allowed. */
        @WithDefault("0")
        long maxOpenCritical();
    }

    /** Level 4: detection keeps up with the call stream and its detectors are on. */
    interface Level4 {

        /** Highest consumer lag, in seconds. */
        @WithDefault("60")
        double maxLagSeconds();

        /** Minimum share of detectors enabled. */
        @WithDefault("1.0")
        double minEnabledShare();
    }

    /** Level 5: every external API has an enforcing sidecar at the current rule-set version. */
    interface Level5 {

        /** Minimum share of external APIs with an enforcing sidecar. */
        @WithDefault("1.0")
        double minCoveredShare();

        /** Minimum share of sidecars whose acknowledged rule-set version is the current one. */
        @WithDefault("1.0")
        double minCurrentShare();

        /** Minimum number of enforcing sidecars. */
        @WithDefault("1")
        long minEnforcing();
    }
}
