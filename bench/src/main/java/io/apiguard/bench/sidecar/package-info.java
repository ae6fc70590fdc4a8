/** The sidecar's per-call costs, in process: rule evaluation over 10,000 rules, identity resolution under a flood. */
package io.apiguard.bench.sidecar;
