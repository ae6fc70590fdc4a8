package io.apiguard.common.events;

import java.time.Instant;

/**
 * Payload of {@code apiguard.inventory}: an API was added or changed ({@code upserted}) or is gone ({@code removed}).
 *
 * @param changeKind upserted or removed
 * @param endpoint   the endpoint as it now is; for a removal, as it last was, so consumers need no lookup
 * @param occurredAt when discovery saw the change
 */
public record InventoryChange(ChangeKind changeKind, ApiEndpoint endpoint, Instant occurredAt) {

    public InventoryChange {
        Require.present(changeKind, "changeKind");
        Require.present(endpoint, "endpoint");
        Require.present(occurredAt, "occurredAt");
    }
}
