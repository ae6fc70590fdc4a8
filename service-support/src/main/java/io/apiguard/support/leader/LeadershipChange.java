package io.apiguard.support.leader;

/**
 * This replica gained ({@code leading}) or lost the leadership of {@code lease}. A CDI event, fired only when the
 * election is enabled (a replica that elects nobody is the leader from the start and never changes), in order, on the
 * election's own notification thread: observers may block briefly, never on an event loop.
 *
 * @param leading  true when this replica now leads
 * @param identity this replica's identity
 * @param lease    the lease's {@code namespace/name}
 */
public record LeadershipChange(boolean leading, String identity, String lease) {}
