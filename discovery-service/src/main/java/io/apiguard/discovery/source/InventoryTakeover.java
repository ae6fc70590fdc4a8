package io.apiguard.discovery.source;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.apiguard.discovery.inventory.InventoryService;
import io.apiguard.support.leader.LeadershipChange;
import io.quarkus.vertx.VertxContextSupport;

/**
 * What discovery does when this replica becomes the leader: it adopts the stored APIs it did not see, reconciles with
 * a complete listing (announcing what changed while nobody led), then writes and announces the whole inventory, so a
 * takeover loses nothing the previous leader had not announced. Runs on the election's notification thread, never an
 * event loop; a failure is logged and the leader goes on with the regular path (every later change is announced).
 */
@ApplicationScoped
public class InventoryTakeover {

    private static final Logger LOGGER = Logger.getLogger(InventoryTakeover.class);

    private final InventoryService inventory;
    private final DeclarationSource source;

    InventoryTakeover(InventoryService inventory, DeclarationSource source) {
        this.inventory = inventory;
        this.source = source;
    }

    void onLeadership(@Observes LeadershipChange change) {
        if (!change.leading()) {
            LOGGER.infof(
                    "%s follows: the inventory is kept current here, written and announced by the leader",
                    change.identity());
            return;
        }
        long started = System.nanoTime();
        try {
            VertxContextSupport.subscribeAndAwait(inventory::adoptStored);
            source.reconcile();
            int announced = VertxContextSupport.subscribeAndAwait(inventory::announceAll);
            LOGGER.infof(
                    "%s leads: announced the whole inventory (%d APIs) in %d ms",
                    change.identity(), announced, (System.nanoTime() - started) / 1_000_000);
        } catch (Throwable e) {
            LOGGER.warnf(
                    "Taking over the inventory failed (%s); later changes are announced as they come", e.getMessage());
        }
    }
}
