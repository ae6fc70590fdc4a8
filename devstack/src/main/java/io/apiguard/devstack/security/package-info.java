/** The local run's identities: a local OIDC issuer, the operators' and the apps' tokens, the rule-set keys. */
package io.apiguard.devstack.security;
