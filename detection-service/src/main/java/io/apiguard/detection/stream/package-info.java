/** The call stream: the Kafka consumer, partition rebalances, and the scheduled housekeeping of the pipelines. */
package io.apiguard.detection.stream;
