/** Level 4, detection: application-layer threats found in the call stream. */
package io.apiguard.detection;
