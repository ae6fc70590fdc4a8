/** The positive model: each call checked against its API's spec operation (parameters, content type, body schema). */
package io.apiguard.sidecar.spec;
