/**
 * A local OpenID Connect issuer for the tests and the local run: keys generated at start, discovery and JWKS served over
 * HTTP, real signed tokens for operators and for workloads, so the apps verify them on their production code path.
 */
package io.apiguard.testing.oidc;
