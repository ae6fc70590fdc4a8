package io.apiguard.common.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every apiguard topic, dead-letter topics included, with its {@link TopicSpec}: the one list the test kit's broker,
 * the local run and the Helm chart's {@code KafkaTopic}s create (the k8s module's tests hold the chart to it).
 *
 * <p>{@code apiguard.inventory} is compacted: it is the inventory itself, not a stream of events. Its records are
 * keyed by API id, a removal is a {@code removed} change under the same key (kept as that key's last record, so a
 * consumer reading from the start learns of the removal), and logging-service rebuilds its catalog from it on every
 * start. Under a delete policy, an API that has not changed within the retention would vanish from that catalog.
 */
public final class TopicCatalog {

    /** Partitions of every event topic: consumers of one group share at most this many ways. */
    public static final int EVENT_PARTITIONS = 3;
    /** Dead letters are few and read by people: one partition keeps them in order. */
    public static final int DEAD_LETTER_PARTITIONS = 1;
    /** Events are kept a week (Kafka's own default, made explicit): replay after an outage of a service. */
    public static final Duration EVENT_RETENTION = Duration.ofDays(7);
    /** Dead letters are kept two weeks: time for an operator to look at them after a weekend or a holiday. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);
    /**
     * The inventory rolls a segment every hour: the active segment is never compacted, so this bounds what a
     * restarted consumer reads beyond each API's last record to about an hour of changes (plus what the cleaner has
     * not reached yet).
     */
    public static final Duration INVENTORY_SEGMENT_AGE = Duration.ofHours(1);

    /**
     * detection's repartition topic is read within seconds and rebuilt from the call stream's own retention: a day
     * covers an outage of detection without keeping a second week of every call.
     */
    public static final Duration REPARTITION_RETENTION = Duration.ofDays(1);

    private static final List<TopicSpec> ALL = build();
    private static final Map<String, TopicSpec> BY_NAME = index(ALL);

    private TopicCatalog() {}

    /** Every topic, each followed by its dead-letter topic, in the order of {@link Topics}. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** The spec of {@code name}, if it is an apiguard topic. */
    public static Optional<TopicSpec> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * The spec of {@code name}.
     *
     * @throws IllegalArgumentException when it is not an apiguard topic
     */
    public static TopicSpec spec(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("not an apiguard topic: " + name));
    }

    private static List<TopicSpec> build() {
        List<TopicSpec> topics = new ArrayList<>();
        topics.add(TopicSpec.compacted(
                Topics.INVENTORY,
                EVENT_PARTITIONS,
                Map.of("segment.ms", String.valueOf(INVENTORY_SEGMENT_AGE.toMillis()))));
        for (String topic : List.of(
                Topics.CALLS,
                Topics.CALLS_NORMALIZED,
                Topics.FINDINGS,
                Topics.DETECTIONS,
                Topics.ENFORCEMENT,
                Topics.NETWORK,
                Topics.AUDIT,
                Topics.NETWORK_PMACCT,
                Topics.NETWORK_HUBBLE)) {
            topics.add(TopicSpec.deleting(topic, EVENT_PARTITIONS, EVENT_RETENTION));
        }
        topics.add(TopicSpec.deleting(Topics.DETECTION_CALLS, EVENT_PARTITIONS, REPARTITION_RETENTION));
        List<TopicSpec> withDeadLetters = new ArrayList<>();
        for (TopicSpec topic : topics) {
            withDeadLetters.add(topic);
            withDeadLetters.add(
                    TopicSpec.deleting(Topics.deadLetter(topic.name()), DEAD_LETTER_PARTITIONS, DEAD_LETTER_RETENTION));
        }
        return List.copyOf(withDeadLetters);
    }

    private static Map<String, TopicSpec> index(List<TopicSpec> topics) {
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (TopicSpec topic : topics) {
            if (byName.put(topic.name(), topic) != null) {
                throw new IllegalStateException("topic " + topic.name() + " declared twice");
            }
        }
        return Map.copyOf(byName);
    }
}
