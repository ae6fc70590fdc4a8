/** Builds the shared identity resolution chain of {@code common} from configuration, for the sidecar and logging. */
package io.apiguard.support.identity;
