/** The policy that turns detections into rules: thresholds, default TTL, modes and the allowlists never blocked. */
package io.apiguard.enforcement.policy;
