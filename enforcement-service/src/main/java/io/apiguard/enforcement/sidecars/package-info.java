/**
 * The sidecars enforcement distributes to: found by self-registration (heartbeats) and by pod label, pushed every new
 * rule set with retries and backoff, each with the version it acknowledged and when it was last heard from.
 */
package io.apiguard.enforcement.sidecars;
