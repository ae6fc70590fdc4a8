/** The local run's Kafka broker: the test kit's embedded KRaft broker on a fixed port, its logs in a file. */
package io.apiguard.devstack.kafka;
