package io.apiguard.discovery.status;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.ApiState;
import io.apiguard.common.status.DiscoveryFigures;
import io.apiguard.discovery.inventory.Inventory;
import io.apiguard.discovery.inventory.InventoryService;
import io.apiguard.discovery.source.DeclarationSource;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;

/**
 * Level 1 evidence: where declarations come from and whether they are in sync, how many APIs are in each state, and
 * the share of observed calls that mapped to a declared API, and how many APIs have a readable spec or one in error.
 */
@ApplicationScoped
public class DiscoveryEvidence implements StatusContributor {

    private final InventoryService inventory;
    private final DeclarationSource source;

    DiscoveryEvidence(InventoryService inventory, DeclarationSource source) {
        this.inventory = inventory;
        this.source = source;
    }

    @Override
    public String name() {
        return "discovery";
    }

    @Override
    public Uni<DiscoveryFigures> evidence() {
        Inventory.Figures figures = inventory.figures();
        return Uni.createFrom()
                .item(new DiscoveryFigures(
                        source.active() == null
                                ? "starting"
                                : source.active().name().toLowerCase(Locale.ROOT),
                        source.isSynced(),
                        figures.apis(),
                        figures.perState().get(ApiState.DECLARED),
                        figures.perState().get(ApiState.ACTIVE),
                        figures.perState().get(ApiState.SHADOW),
                        figures.perState().get(ApiState.ZOMBIE),
                        figures.callsObserved(),
                        figures.callsMatched(),
                        figures.declaredShare(),
                        figures.withSpec(),
                        figures.specErrors()));
    }
}
