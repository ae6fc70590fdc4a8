package io.apiguard.common.events;

/** What a Kafka topic does with old records ({@code cleanup.policy}). */
public enum CleanupPolicy {
    /** Records older than the topic's retention are deleted: a stream of events. */
    DELETE("delete"),
    /** The last record of every key is kept whatever its age: the current state of every key. */
    COMPACT("compact");

    private final String kafkaValue;

    CleanupPolicy(String kafkaValue) {
        this.kafkaValue = kafkaValue;
    }

    /** The value of Kafka's {@code cleanup.policy}. */
    public String kafkaValue() {
        return kafkaValue;
    }
}
