package io.apiguard.sidecar.capture;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How calls are recorded and delivered. logging-service's address is the REST client's
 * ({@code quarkus.rest-client.logging.url}).
 */
@ConfigMapping(prefix = "apiguard.sidecar.capture")
public interface CaptureConfig {

    /** Whether calls are recorded at all. */
    @WithDefault("true")
    boolean enabled();

    /** Records waiting for delivery at most; beyond it new records are dropped and counted, never waited for. */
    @WithDefault("20000")
    int queueCapacity();

    /** Records per delivery; keep it at or below logging-service's {@code apiguard.logging.ingest.max-batch-records}. */
    @WithDefault("1000")
    int batchSize();

    /**
     * Batches on their way to logging-service at once. One at a time caps delivery at one batch per logging round trip
     * (about 2,300 records/s on the local run under load); a few in flight keep up with busy APIs.
     */
    @WithDefault("4")
    int maxInFlight();

    /** How long a record may wait for its batch to fill. */
    @WithDefault("200ms")
    Duration flushInterval();

    /** How long to wait after a failed delivery before trying again (the failed batch is resent first). */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * Failures in a row after which a batch is split in halves even though logging-service answered nothing else in
     * between (a probe: smaller batches may pass), and failures of a single record, each while logging-service took
     * other records, after which that record is dead-lettered (dropped, counted, logged by id) so the rest flows. A
     * batch failing while others pass is split at once. In an outage nothing counts against a record.
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * How long the sidecar may spend at shutdown (SIGTERM) delivering the records still queued, after the proxy stopped
     * taking calls; what is left then is lost (logged with its count). Keep the pod's
     * {@code terminationGracePeriodSeconds} above the preStop sleep plus this plus {@code quarkus.shutdown.timeout}.
     */
    @WithDefault("10s")
    Duration shutdownFlushTimeout();

    /** The Kubernetes Service of the API this sidecar fronts, recorded as the call's destination. */
    Optional<String> service();

    /** The namespace of the pod (from the Downward API). */
    Optional<String> namespace();

    /** The pod's name (from the Downward API). */
    Optional<String> pod();
}
