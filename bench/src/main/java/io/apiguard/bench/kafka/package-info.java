/** How fast the embedded Kafka broker of the tests and the local run starts. */
package io.apiguard.bench.kafka;
