/**
 * Level 5 at the data plane: the rule engine that decides every call in line ({@link
 * io.apiguard.sidecar.enforcement.SidecarEnforcement#decide}), the admin endpoint that accepts signed rule sets, and
 * the pull, registration and heartbeat that keep the set current when a push is missed.
 */
package io.apiguard.sidecar.enforcement;
