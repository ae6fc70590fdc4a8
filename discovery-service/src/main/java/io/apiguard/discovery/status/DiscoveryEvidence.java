package io.apiguard.discovery.status;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.discovery.inventory.Inventory;
import io.apiguard.discovery.inventory.InventoryService;
import io.apiguard.discovery.source.DeclarationSource;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;

/**
 * Level 1 evidence: where declarations come from and whether they are in sync, how many APIs are in each state, and
 * the share of observed calls that mapped to a declared API.
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
    public Uni<Map<String, Object>> evidence() {
        Inventory.Figures figures = inventory.figures();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("source", source.active() == null ? "starting" : source.active().name().toLowerCase(Locale.ROOT));
        evidence.put("informerSynced", source.isSynced());
        evidence.put("apis", figures.apis());
        figures.perState().forEach((state, count) -> evidence.put(state.wire(), count));
        evidence.put("callsObserved", figures.callsObserved());
        evidence.put("callsMatchedDeclared", figures.callsMatched());
        evidence.put("declaredTrafficShare", figures.declaredShare());
        return Uni.createFrom().item(evidence);
    }
}
