package io.apiguard.support.leader;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;

/** The {@code leadership} entry of the status document: whether this replica leads, as who, and of which lease. */
@ApplicationScoped
public class LeadershipEvidence implements StatusContributor {

    private final Leadership leadership;

    LeadershipEvidence(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public String name() {
        return "leadership";
    }

    @Override
    public Uni<Map<String, Object>> evidence() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("electionEnabled", leadership.electionEnabled());
        figures.put("leader", leadership.isLeader());
        figures.put("identity", leadership.identity());
        figures.put("lease", leadership.lease());
        leadership.holder().ifPresent(holder -> figures.put("holder", holder));
        figures.put("since", leadership.since().toString());
        return Uni.createFrom().item(figures);
    }
}
