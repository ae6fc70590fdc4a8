/** The inventory as {@code apiguard.inventory} announces it: consumed, kept current and persisted for restarts. */
package io.apiguard.posture.inventory;
