/** Helpers the service's features share; not an API. */
package io.apiguard.detection.internal;
