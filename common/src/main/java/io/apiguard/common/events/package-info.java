/**
 * The events apiguard's services exchange over Kafka, one record per payload, with the topic names and CloudEvents
 * types that carry them. Records change additively; a breaking change is a new {@code .v2} type.
 */
package io.apiguard.common.events;
