/**
 * Sending keyed records to Kafka and knowing when the broker has them, and going on from the caller's Vert.x context
 * once it does.
 */
package io.apiguard.support.messaging;
