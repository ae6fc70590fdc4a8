package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * Who made a call: the individual where apiguard could resolve one, and the shared account it came through.
 *
 * @param subject               the individual ("alex.s@accounting-xyz"), the service, or null when anonymous
 * @param displayName           a human-readable name, when the credential carries one
 * @param principalType         user, service or anonymous
 * @param authMethod            how the caller was authenticated
 * @param serviceAccount        the shared account the call came through ("FinTech_User_01"), if any
 * @param organisation          the caller's organisation, when known
 * @param roles                 roles or scopes the credential grants
 * @param credentialFingerprint truncated SHA-256 of the credential, never the credential itself
 * @param verified              true when the credential's signature or lookup was verified
 */
public record Identity(
        String subject,
        String displayName,
        PrincipalType principalType,
        AuthMethod authMethod,
        String serviceAccount,
        String organisation,
        List<String> roles,
        String credentialFingerprint,
        boolean verified) {

    public Identity {
        Require.present(principalType, "principalType");
        Require.present(authMethod, "authMethod");
        roles = Require.list(roles, "roles");
        if (principalType != PrincipalType.ANONYMOUS && (subject == null || subject.isBlank())) {
            throw new IllegalArgumentException("a " + principalType.wire() + " identity needs a subject");
        }
    }

    /** A caller that presented no credential apiguard could read. */
    public static Identity anonymous() {
        return new Identity(null, null, PrincipalType.ANONYMOUS, AuthMethod.NONE, null, null, List.of(), null, false);
    }

    /**
     * True when the call is attributed to an individual person rather than to a shared account or nobody: the Level 2
     * "calls resolve to an individual identity" criterion. That is a {@code user} whose subject is not merely the
     * shared account the call came through: a delegated {@code alex.s@accounting-xyz} behind {@code FinTech_User_01}
     * counts, {@code FinTech_User_01} alone does not. Services and anonymous callers never count; an identity
     * resolver that finds a delegated end user behind a service credential reports that end user as a {@code user}.
     */
    @JsonIgnore // derived, not part of the wire format
    public boolean isIndividual() {
        return principalType == PrincipalType.USER && subject != null && !subject.equals(serviceAccount);
    }
}
