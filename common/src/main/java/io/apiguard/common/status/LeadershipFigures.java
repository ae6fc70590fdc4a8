package io.apiguard.common.status;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Whether a replica leads, under {@code evidence.leadership} of the apps that elect a leader (discovery, enforcement).
 * No maturity criterion reads it; operators do, to tell which replica publishes.
 *
 * @param electionEnabled whether replicas elect a leader; when off, every replica leads
 * @param leader          whether this replica leads
 * @param identity        this replica's identity in the election
 * @param lease           the name of the lease the replicas compete for
 * @param holder          the identity holding the lease; absent when nobody holds it or election is off
 * @param since           when this replica last became leader or follower
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadershipFigures(
        boolean electionEnabled, boolean leader, String identity, String lease, String holder, Instant since) {}
