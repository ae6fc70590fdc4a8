package io.apiguard.posture.traffic;

import io.apiguard.common.events.NormalizedCall;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code apiguard.calls.normalized} records. */
public class NormalizedCallDeserializer extends ObjectMapperDeserializer<NormalizedCall> {

    public NormalizedCallDeserializer() {
        super(NormalizedCall.class);
    }
}
