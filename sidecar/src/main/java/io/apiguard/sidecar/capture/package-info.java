/**
 * Level 2 capture: one call record per proxied call, delivered to logging-service in bounded asynchronous batches that
 * never slow a client call down.
 */
package io.apiguard.sidecar.capture;
