/** Sending keyed records to Kafka and knowing when the broker has them. */
package io.apiguard.support.messaging;
