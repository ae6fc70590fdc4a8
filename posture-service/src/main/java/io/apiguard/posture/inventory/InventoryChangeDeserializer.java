package io.apiguard.posture.inventory;

import io.apiguard.common.events.InventoryChange;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code apiguard.inventory} records. */
public class InventoryChangeDeserializer extends ObjectMapperDeserializer<InventoryChange> {

    public InventoryChangeDeserializer() {
        super(InventoryChange.class);
    }
}
