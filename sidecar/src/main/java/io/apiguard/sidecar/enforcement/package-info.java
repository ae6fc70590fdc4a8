/**
 * Level 5 at the data plane, what its two halves share: the sidecar's enforcement configuration ({@link
 * io.apiguard.sidecar.enforcement.EnforcementConfig}) and its status evidence. The decision itself is pure and lives
 * in {@link io.apiguard.sidecar.rules}; keeping the rule set current (push, pull, heartbeat) lives in {@link
 * io.apiguard.sidecar.sync}.
 *
 * <p>Threading: the configuration is an immutable SmallRye mapping, read from any thread; the evidence is read on a
 * worker thread by the status endpoint and only reads the set in force.
 */
package io.apiguard.sidecar.enforcement;
