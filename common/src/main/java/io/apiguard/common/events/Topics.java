package io.apiguard.common.events;

/**
 * Kafka topic names. A channel is named after its topic, so these constants serve as channel names too. How each topic
 * is declared (partitions, cleanup policy, retention) is {@link TopicCatalog}'s.
 */
public final class Topics {

    /** Inventory changes; discovery → logging, posture, enforcement; key: api id; compacted. */
    public static final String INVENTORY = "apiguard.inventory";
    /** Calls as captured; sidecars and gateways → logging; key: caller identity or client IP. */
    public static final String CALLS = "apiguard.calls";
    /** Identity-resolved, redacted, templated calls; logging → detection, discovery, posture; key: subject. */
    public static final String CALLS_NORMALIZED = "apiguard.calls.normalized";
    /** Posture findings; posture → console, enforcement; key: api id. */
    public static final String FINDINGS = "apiguard.findings";
    /** Detections; detection → enforcement; key: subject. */
    public static final String DETECTIONS = "apiguard.detections";
    /** Rule and rule-set events; enforcement → logging (audit), posture; key: rule id. */
    public static final String ENFORCEMENT = "apiguard.enforcement";
    /** Network flow records from outside apiguard; → detection; key: source address. */
    public static final String NETWORK = "apiguard.network";
    /** What operators did through apiguard's APIs; every service → logging (audit); key: actor. */
    public static final String AUDIT = "apiguard.audit";
    /**
     * Raw flow records of pmacct's {@code nfacctd} Kafka plugin ({@code kafka_output: json}, NetFlow v5/v9, IPFIX);
     * the collector → detection's flow adapter, which publishes them to {@link #NETWORK}; key: whatever the collector
     * sets (none by default).
     */
    public static final String NETWORK_PMACCT = "apiguard.network.pmacct";
    /**
     * Raw Cilium Hubble flow events ({@code hubble observe -o json}, the flow exporter's {@code {"flow": ...}} lines);
     * the exporter → detection's flow adapter, which publishes them to {@link #NETWORK}; key: whatever the exporter sets.
     */
    public static final String NETWORK_HUBBLE = "apiguard.network.hubble";

    /**
     * detection-service's own repartition of {@link #CALLS_NORMALIZED}: each call once per actor it counts for (its client
     * address {@code ip:}, its unverified credential {@code fp:}, the login API {@code login:}), keyed by that actor, so
     * per-address and per-credential state sees all of an actor's calls whatever the subject; detection → detection.
     */
    public static final String DETECTION_CALLS = "apiguard.detection.calls";

    /** Calls that failed validation at logging-service, with the reason. */
    public static final String CALLS_DLQ = deadLetter(CALLS);
    /** Normalized calls detection-service could not process. */
    public static final String CALLS_NORMALIZED_DLQ = deadLetter(CALLS_NORMALIZED);
    /** Inventory events a consumer could not process. */
    public static final String INVENTORY_DLQ = deadLetter(INVENTORY);
    /** Detections enforcement-service could not process. */
    public static final String DETECTIONS_DLQ = deadLetter(DETECTIONS);
    /** Findings a consumer could not process. */
    public static final String FINDINGS_DLQ = deadLetter(FINDINGS);
    /** Enforcement events a consumer (logging's audit, posture) could not process. */
    public static final String ENFORCEMENT_DLQ = deadLetter(ENFORCEMENT);
    /** Network flows detection-service could not process. */
    public static final String NETWORK_DLQ = deadLetter(NETWORK);
    /** Repartitioned calls detection-service could not process. */
    public static final String DETECTION_CALLS_DLQ = deadLetter(DETECTION_CALLS);
    /** Operator actions logging-service could not keep. */
    public static final String AUDIT_DLQ = deadLetter(AUDIT);
    /** pmacct records detection's flow adapter could not map, with the reason. */
    public static final String NETWORK_PMACCT_DLQ = deadLetter(NETWORK_PMACCT);
    /** Hubble flow events detection's flow adapter could not map, with the reason. */
    public static final String NETWORK_HUBBLE_DLQ = deadLetter(NETWORK_HUBBLE);

    private Topics() {}

    /**
     * The dead-letter topic of {@code topic}: messages that failed validation there, with the reason (the SmallRye
     * Kafka {@code dead-letter-queue} failure strategy adds it as {@code dead-letter-reason} header).
     */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
