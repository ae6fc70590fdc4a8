/**
 * The events apiguard's services exchange over Kafka, one record per payload, with the topic names and CloudEvents
 * types that carry them.
 *
 * <p>Records change additively: a new optional field is fine because readers ignore what they do not know. Renaming
 * or removing a field, changing its meaning, or adding a constant to one of the enums (an older reader refuses a
 * value it does not know) is a breaking change and needs a new {@code .v2} type. Golden JSON samples in the tests
 * guard the format.
 */
package io.apiguard.common.events;
