package io.apiguard.enforcement.inventory;

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

    private final ApiExposureRepository exposures;
    private final InventoryRoutes routes;
    private final RuleSetPublisher publisher;

    InventoryConsumer(ApiExposureRepository exposures, InventoryRoutes routes, RuleSetPublisher publisher) {
        this.exposures = exposures;
        this.routes = routes;
        this.publisher = publisher;
    }

    @Incoming(Topics.INVENTORY)
    public CompletionStage<Void> consume(Message<InventoryChange> message) {
        return Consumers.ackAfter(
                message,
                InventoryChange.class,
                OnFailure.NACK,
                change -> apply(change)
                        .call(() -> change.changeKind() == ChangeKind.REMOVED
                                ? routes.remove(change.endpoint().id())
                                : routes.upsert(change.endpoint(), change.occurredAt()))
                        .invoke(publisher::routesChanged));
    }

    private Uni<Void> apply(InventoryChange change) {
        ApiEndpoint api = change.endpoint();
        return change.changeKind() == ChangeKind.REMOVED
                ? exposures.remove(api.id())
                : exposures.upsert(api, change.occurredAt());
    }
}
