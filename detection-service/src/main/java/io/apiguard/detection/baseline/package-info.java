/** Persistence of learned baselines per partition, so a restart or a rebalance does not forget. */
package io.apiguard.detection.baseline;
