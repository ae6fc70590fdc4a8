/**
 * Who may call an apiguard app and as whom: operators with OIDC bearer tokens (roles {@code viewer}, {@code operator},
 * {@code admin}) and workloads with Kubernetes projected service-account tokens (role {@code workload}, namespace and pod
 * from the token). Deny by default: an endpoint without a role check is refused.
 */
package io.apiguard.support.security;
