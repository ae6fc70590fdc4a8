package io.apiguard.common.events;

/** What a Kafka topic does with old records ({@code cleanup.policy}). */
public enum CleanupPolicy implements WireValue {
    /** Records older than the topic's retention are deleted: a stream of events. */
    DELETE("delete"),
    /** The last record of every key is kept whatever its age: the current state of every key. */
    COMPACT("compact");

    private final String wire;

    CleanupPolicy(String wire) {
        this.wire = wire;
    }

    /** The value of Kafka's {@code cleanup.policy}. */
    @Override
    public String wire() {
        return wire;
    }
}
