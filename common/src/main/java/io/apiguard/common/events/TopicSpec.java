package io.apiguard.common.events;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How one apiguard topic is declared, wherever it is created: by the test kit's broker, by the local run, by the
 * chart's Strimzi {@code KafkaTopic}s. Replication is the cluster's business (one broker in tests, the chart's
 * {@code kafka.topics.replicas} in a cluster), so it is not part of the spec.
 *
 * @param name          the topic
 * @param partitions    its partitions: consumers of one group share at most this many ways
 * @param cleanupPolicy delete old records, or keep each key's last record
 * @param retention     how long a record is kept under {@link CleanupPolicy#DELETE}; {@link #FOREVER} for no limit
 * @param extraConfig   further Kafka topic configs, by their Kafka name (not {@code cleanup.policy} nor
 *                      {@code retention.ms}, which the fields above hold)
 */
public record TopicSpec(
        String name, int partitions, CleanupPolicy cleanupPolicy, Duration retention, Map<String, String> extraConfig) {

    /** Kafka's {@code cleanup.policy}. */
    public static final String CLEANUP_POLICY = "cleanup.policy";
    /** Kafka's {@code retention.ms}; -1 keeps records whatever their age. */
    public static final String RETENTION_MS = "retention.ms";
    /** No retention limit: written as {@code retention.ms=-1}. */
    public static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private static final Set<String> FIELDS = Set.of(CLEANUP_POLICY, RETENTION_MS);

    public TopicSpec {
        Require.present(name, "name");
        Require.present(cleanupPolicy, "cleanupPolicy");
        Require.present(retention, "retention");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, not " + partitions);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("topic " + name + " needs a positive retention (or FOREVER)");
        }
        extraConfig = Map.copyOf(extraConfig == null ? Map.of() : extraConfig);
        for (String key : extraConfig.keySet()) {
            if (FIELDS.contains(key)) {
                throw new IllegalArgumentException(
                        "topic " + name + ": " + key + " is a field of the spec, not an " + "extra config");
            }
        }
    }

    /** A topic that deletes records older than {@code retention}. */
    public static TopicSpec deleting(String name, int partitions, Duration retention) {
        return new TopicSpec(name, partitions, CleanupPolicy.DELETE, retention, Map.of());
    }

    /** A compacted topic: each key's last record is kept forever. */
    public static TopicSpec compacted(String name, int partitions, Map<String, String> extraConfig) {
        return new TopicSpec(name, partitions, CleanupPolicy.COMPACT, FOREVER, extraConfig);
    }

    /** {@code retention.ms}: the retention in milliseconds, -1 for {@link #FOREVER}. */
    public long retentionMs() {
        return retention.equals(FOREVER) ? -1 : retention.toMillis();
    }

    /** Every Kafka topic config of the spec, by Kafka name, sorted: cleanup policy, retention and the extras. */
    public Map<String, String> configs() {
        Map<String, String> configs = new TreeMap<>(extraConfig);
        configs.put(CLEANUP_POLICY, cleanupPolicy.kafkaValue());
        configs.put(RETENTION_MS, String.valueOf(retentionMs()));
        return configs;
    }

    /**
     * The spec's configs with {@code overrides} on top, for a test that shortens a topic's clocks (e.g. a tiny
     * {@code retention.ms} and {@code segment.ms}) while keeping what it does not name, the cleanup policy above all.
     */
    public Map<String, String> configs(Map<String, String> overrides) {
        Map<String, String> configs = new LinkedHashMap<>(configs());
        configs.putAll(overrides);
        return configs;
    }
}
