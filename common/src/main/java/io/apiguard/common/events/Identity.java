package io.apiguard.common.events;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

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
 * @param claimedSubject        for an {@code unverified} caller, whom its credential claims to be: kept for the audit
 *                              trail, never used as the caller (anyone can write any name into an unsigned token)
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
        boolean verified,
        String claimedSubject) {

    public Identity {
        Require.present(principalType, "principalType");
        Require.present(authMethod, "authMethod");
        roles = Require.list(roles, "roles");
        boolean named = principalType != PrincipalType.ANONYMOUS && principalType != PrincipalType.UNVERIFIED;
        if (named && (subject == null || subject.isBlank())) {
            throw new IllegalArgumentException("a " + principalType.wire() + " identity needs a subject");
        }
        if (principalType == PrincipalType.UNVERIFIED) {
            if (subject != null || serviceAccount != null || verified) {
                throw new IllegalArgumentException("an unverified identity names no subject and no service account");
            }
            Require.text(credentialFingerprint, "credentialFingerprint");
        }
    }

    /** An identity of a verified or anonymous caller, without a claimed subject (the form of event version 1.0). */
    public Identity(
            String subject,
            String displayName,
            PrincipalType principalType,
            AuthMethod authMethod,
            String serviceAccount,
            String organisation,
            List<String> roles,
            String credentialFingerprint,
            boolean verified) {
        this(
                subject,
                displayName,
                principalType,
                authMethod,
                serviceAccount,
                organisation,
                roles,
                credentialFingerprint,
                verified,
                null);
    }

    /**
     * A caller whose credential apiguard could not verify: known by {@code credentialFingerprint} alone.
     *
     * @param claimedSubject whom the credential names, if readable (kept for the record, never believed)
     */
    public static Identity unverified(AuthMethod method, String credentialFingerprint, String claimedSubject) {
        return new Identity(
                null,
                null,
                PrincipalType.UNVERIFIED,
                method,
                null,
                null,
                List.of(),
                credentialFingerprint,
                false,
                claimedSubject);
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
