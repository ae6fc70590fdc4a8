package io.apiguard.enforcement.inventory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.Topics;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps {@code api_exposure} in step with {@code apiguard.inventory} (each API's exposure, namespace and backend
 * service) and the route table of the rule set ({@link InventoryRoutes}), then has the rule set rebuilt: a changed
 * route is a new version pushed to every sidecar, like a changed rule. Rebuilds are coalesced by the publisher, so a
 * burst of changes (discovery's start) makes a few versions, not one per change; the message is acked once the route
 * is kept, without waiting for the rebuild. An invalid record arrives without payload and is nacked to
 * {@code apiguard.inventory.dlq}.
 */
@ApplicationScoped
public class InventoryConsumer {

    private final Pool pool;
    private final InventoryRoutes routes;
    private final RuleSetPublisher publisher;

    InventoryConsumer(Pool pool, InventoryRoutes routes, RuleSetPublisher publisher) {
        this.pool = pool;
        this.routes = routes;
        this.publisher = publisher;
    }

    @Incoming(Topics.INVENTORY)
    public CompletionStage<Void> consume(Message<InventoryChange> message) {
        return Consumers.ackAfter(message, InventoryChange.class, OnFailure.NACK, change -> apply(change)
                .call(() -> change.changeKind() == ChangeKind.REMOVED ? routes.remove(change.endpoint().id())
                        : routes.upsert(change.endpoint(), change.occurredAt()))
                .invoke(publisher::routesChanged));
    }

    private Uni<Void> apply(InventoryChange change) {
        ApiEndpoint api = change.endpoint();
        if (change.changeKind() == ChangeKind.REMOVED) {
            return pool.preparedQuery("delete from api_exposure where api_id = $1").execute(Tuple.of(api.id()))
                    .replaceWithVoid();
        }
        Instant at = change.occurredAt();
        return pool.preparedQuery("insert into api_exposure (api_id, namespace, service, exposure, updated_at) "
                        + "values ($1, $2, $3, $4, $5) on conflict (api_id) do update set namespace = excluded.namespace, "
                        + "service = excluded.service, exposure = excluded.exposure, updated_at = excluded.updated_at "
                        + "where api_exposure.updated_at <= excluded.updated_at")
                .execute(Tuple.of(api.id(), api.namespace(), api.backend() == null ? null : api.backend().service(),
                        api.exposure() == null ? null : api.exposure().wire(), at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
