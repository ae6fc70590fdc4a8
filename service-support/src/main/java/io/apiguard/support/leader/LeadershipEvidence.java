package io.apiguard.support.leader;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.status.LeadershipFigures;
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
    public Uni<LeadershipFigures> evidence() {
        return Uni.createFrom()
                .item(new LeadershipFigures(
                        leadership.electionEnabled(),
                        leadership.isLeader(),
                        leadership.identity(),
                        leadership.lease(),
                        leadership.holder().orElse(null),
                        leadership.since()));
    }
}
