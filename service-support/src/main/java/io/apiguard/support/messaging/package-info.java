/**
 * Kafka on both ends: consuming with one acknowledgement shape (nack the invalid, ack after handling, dead-letter in
 * SmallRye's form), sending keyed records and knowing when the broker has them, and going on from the caller's Vert.x
 * context once it does.
 */
package io.apiguard.support.messaging;
