/**
 * Every operator action becomes an {@link io.apiguard.common.events.OperatorAction} on {@code apiguard.audit},
 * attributed to the verified token that did it; logging-service keeps them.
 */
package io.apiguard.support.audit;
