/** The {@code apiguard.enforcement} events: rules created, changed, expired, and rule sets a sidecar accepted. */
package io.apiguard.enforcement.events;
