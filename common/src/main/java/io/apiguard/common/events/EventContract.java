package io.apiguard.common.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which payload travels on which topic under which CloudEvents type: the one table producers, consumers and tests
 * share, so a topic, its type and its record cannot drift apart.
 */
public enum EventContract {
    INVENTORY(Topics.INVENTORY, EventTypes.INVENTORY_CHANGE, InventoryChange.class),
    CALL(Topics.CALLS, EventTypes.CALL, ApiCallRecord.class),
    CALL_NORMALIZED(Topics.CALLS_NORMALIZED, EventTypes.CALL_NORMALIZED, NormalizedCall.class),
    /** detection's own repartition of the normalized calls, keyed by actor: the same record under a type of its own. */
    CALL_REPARTITIONED(Topics.DETECTION_CALLS, EventTypes.CALL_REPARTITIONED, NormalizedCall.class),
    FINDING(Topics.FINDINGS, EventTypes.FINDING, PostureFinding.class),
    DETECTION(Topics.DETECTIONS, EventTypes.DETECTION, Detection.class),
    ENFORCEMENT(Topics.ENFORCEMENT, EventTypes.ENFORCEMENT, EnforcementEvent.class),
    NETWORK_FLOW(Topics.NETWORK, EventTypes.NETWORK_FLOW, NetworkFlow.class),
    OPERATOR_ACTION(Topics.AUDIT, EventTypes.OPERATOR_ACTION, OperatorAction.class);

    private final String topic;
    private final String type;
    private final Class<? extends Record> payload;

    EventContract(String topic, String type, Class<? extends Record> payload) {
        this.topic = topic;
        this.type = type;
        this.payload = payload;
    }

    /** The Kafka topic, which is also the channel name. */
    public String topic() {
        return topic;
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return type;
    }

    /** The record the CloudEvents {@code data} holds. */
    public Class<? extends Record> payload() {
        return payload;
    }

    /** The dead-letter topic of this contract's topic. */
    public String deadLetterTopic() {
        return Topics.deadLetter(topic);
    }

    /** The contract of a CloudEvents type, if apiguard defines it. */
    public static Optional<EventContract> ofType(String type) {
        return Arrays.stream(values())
                .filter(contract -> contract.type.equals(type))
                .findFirst();
    }

    /** The contract of a topic, if apiguard defines it; each topic carries exactly one payload type. */
    public static Optional<EventContract> ofTopic(String topic) {
        return Arrays.stream(values())
                .filter(contract -> contract.topic.equals(topic))
                .findFirst();
    }
}
