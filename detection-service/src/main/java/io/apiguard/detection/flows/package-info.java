/**
 * Flow adapters: the raw records of real flow collectors (pmacct's {@code nfacctd}, Cilium Hubble) mapped to
 * {@code NetworkFlow}s on {@code apiguard.network}, poison records to their dead-letter topics.
 */
package io.apiguard.detection.flows;
