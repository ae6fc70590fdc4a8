package io.apiguard.common.events;

import java.time.Instant;

/**
 * Payload of {@code apiguard.inventory}: an API was added or changed ({@code upserted}) or is gone ({@code removed}).
 * A removal carries the endpoint as it last was.
 */
public record InventoryChange(ChangeKind changeKind, ApiEndpoint endpoint, Instant occurredAt) {

    public InventoryChange {
        Require.present(changeKind, "changeKind");
        Require.present(endpoint, "endpoint");
        Require.present(occurredAt, "occurredAt");
    }
}
