/** The flow chain: softflowd → nfacctd → Kafka → detection's flow adapter, on loopback. */
package io.apiguard.bench.flows;
