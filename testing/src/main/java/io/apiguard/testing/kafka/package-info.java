/** A real Apache Kafka broker in KRaft mode, started in process from the Maven Central jars. */
package io.apiguard.testing.kafka;
