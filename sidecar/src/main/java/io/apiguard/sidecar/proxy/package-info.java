/** The proxy listener that forwards client calls to the API container in the same pod. */
package io.apiguard.sidecar.proxy;
