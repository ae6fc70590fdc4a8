/**
 * The rule-set wire contract between enforcement-service and the sidecars: the versioned document, its validation
 * (per-rule errors, so a bad push is rejected whole with reasons), the built-in payload signatures and the JWS (signed by
 * enforcement-service's private key, for one sidecar) that authenticates a push or a pull.
 */
package io.apiguard.common.rules;
