/**
 * Keeps the sidecar's rule set current and swaps it in: the admin endpoint that accepts pushed signed rule sets
 * ({@link io.apiguard.sidecar.sync.RulesResource}), the fallback pull and the heartbeat that is also the registration
 * ({@link io.apiguard.sidecar.sync.RuleSync}) over the REST client to enforcement-service ({@link
 * io.apiguard.sidecar.sync.ControlPlane}), the verification every received set goes through ({@link
 * io.apiguard.sidecar.sync.RuleSetReceiver}) and the CDI bean that holds the compiled set in force ({@link
 * io.apiguard.sidecar.sync.SidecarEnforcement}).
 *
 * <p>Threading rules:
 * <ul>
 * <li>Nothing here runs on a call's path except {@link io.apiguard.sidecar.sync.SidecarEnforcement#decide} and
 * {@link io.apiguard.sidecar.sync.SidecarEnforcement#route}, which read one volatile reference and then run the pure
 * engine: they never block and never throw.</li>
 * <li>A push arrives on a worker thread (a blocking JAX-RS method); a pull's answer is moved to the default worker
 * pool before it is verified and compiled. Verification, compiling and installing are CPU work that must never run on
 * an event loop; {@link io.apiguard.sidecar.sync.SidecarEnforcement#install} is {@code synchronized}, so two installs
 * (a push racing a pull) are serialized while calls keep being decided on the set in force.</li>
 * <li>The compiled set is swapped in whole through an {@code AtomicReference}: a decision sees one set, never half
 * of a swap, and an install never waits for calls in flight.</li>
 * <li>File I/O (the trusted keys directory, the state file) runs on the scheduler's thread, at start on the main
 * thread, or on the default worker pool (the state file written after an install); the REST calls are non-blocking
 * {@code Uni}s bounded by a timeout and retried with backoff, and a failure keeps the set in force.</li>
 * </ul>
 */
package io.apiguard.sidecar.sync;
