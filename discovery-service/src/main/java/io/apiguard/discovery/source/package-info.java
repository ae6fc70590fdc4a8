/** Chooses where declarations come from (the cluster or manifest files) and reports whether it is in sync. */
package io.apiguard.discovery.source;
