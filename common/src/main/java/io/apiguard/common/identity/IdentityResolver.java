package io.apiguard.common.identity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;

/**
 * Resolves who made a call, as an ordered chain (see {@link IdentitySettings}). Pure and thread-safe: the sidecar
 * calls it on its event loop for every request, logging-service for every record that arrives without an identity.
 * Only what apiguard verified names a caller: a JWT whose signature checks against a configured key and whose time
 * claims hold, an API key found in the owners table, a client certificate or a user named by a trusted proxy. Any
 * other credential (an unsigned, forged or expired token, an unknown API key, a Basic password nobody checks) yields
 * an {@link PrincipalType#UNVERIFIED unverified} identity known by the credential's fingerprint, with the name it
 * claims kept aside, so detection still sees who keeps trying and nobody is blocked or blamed by a name anyone can
 * write. Delegation ({@code act}, the delegation header) is believed only from a verified shared account.
 */
public final class IdentityResolver {

    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";
    /** Roles a record keeps at most. */
    static final int MAX_ROLES = 32;

    private final IdentitySettings settings;
    private final ApiKeyOwners apiKeyOwners;
    private final JwtConsumer verifyingConsumer;
    private final JwtConsumer readingConsumer;

    public IdentityResolver(IdentitySettings settings, ApiKeyOwners apiKeyOwners) {
        this.settings = settings;
        this.apiKeyOwners = apiKeyOwners;
        this.readingConsumer = new JwtConsumerBuilder()
                .setSkipSignatureVerification()
                .setSkipAllValidators()
                .setDisableRequireSignature()
                .build();
        this.verifyingConsumer = settings.jwt().verificationKeys() == null
                ? null
                : new JwtConsumerBuilder()
                        .setVerificationKeyResolver(settings.jwt().verificationKeys())
                        .setRequireExpirationTime()
                        .setAllowedClockSkewInSeconds(30)
                        .setSkipDefaultAudienceValidation()
                        .build();
    }

    /** The identity behind {@code call}; anonymous when no source recognises a credential. */
    public Identity resolve(CallCredentials call) {
        for (IdentitySettings.Source source : settings.order()) {
            Optional<Identity> identity = switch (source) {
                case JWT -> fromBearerToken(call);
                case API_KEY -> fromApiKey(call);
                case CLIENT_CERTIFICATE -> fromClientCertificate(call);
                case BASIC -> fromBasicCredentials(call);
                case UPSTREAM_HEADER -> fromUpstreamHeader(call);
            };
            if (identity.isPresent()) {
                return delegatedHeader(identity.get(), call);
            }
        }
        return Identity.anonymous();
    }

    private Optional<Identity> fromBearerToken(CallCredentials call) {
        Optional<String> credential = authorization(call, BEARER);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        String token = credential.get();
        String fingerprint = Fingerprints.of(token);
        if (verifyingConsumer == null) {
            return Optional.of(Identity.unverified(AuthMethod.JWT, fingerprint, claimedSubject(token)));
        }
        JwtClaims claims;
        try {
            claims = verifyingConsumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            // Forged, expired, unsigned or not a JWT at all: not whoever the token names. jose4j reads the claims
            // before it checks the signature and the time claims, so the name claimed needs no second parse.
            JwtContext read = e.getJwtContext();
            String claimed = read != null && read.getJwtClaims() != null
                    ? stringClaim(read.getJwtClaims(), settings.jwt().subjectClaim())
                    : claimedSubject(token);
            return Optional.of(Identity.unverified(AuthMethod.JWT, fingerprint, claimed));
        }
        IdentitySettings.Jwt jwt = settings.jwt();
        String subject = stringClaim(claims, jwt.subjectClaim());
        if (subject == null) {
            return Optional.of(Identity.unverified(AuthMethod.JWT, fingerprint, null));
        }
        String actor = actingSubject(claims);
        String serviceAccount = null;
        String individual = subject;
        if (actor != null) {
            // RFC 8693 delegation puts the user in `sub` and the acting service in `act.sub`; some gateways put the
            // shared account in `sub` instead. The person is whichever of the two is not a listed shared account.
            boolean subjectIsShared = settings.sharedAccounts().contains(subject);
            individual = subjectIsShared ? actor : subject;
            serviceAccount = subjectIsShared ? subject : actor;
        } else {
            serviceAccount = sharedAccountOrNull(subject);
        }
        return Optional.of(new Identity(
                individual,
                stringClaim(claims, jwt.displayNameClaim()),
                principal(individual, serviceAccount),
                AuthMethod.JWT,
                serviceAccount,
                stringClaim(claims, jwt.organisationClaim()),
                listClaim(claims, jwt.rolesClaim()),
                fingerprint,
                true));
    }

    /** The subject an unverifiable token names, read without believing it; null when it names none readably. */
    private String claimedSubject(String token) {
        try {
            return stringClaim(
                    readingConsumer.processToClaims(token), settings.jwt().subjectClaim());
        } catch (InvalidJwtException e) {
            return null;
        }
    }

    private Optional<Identity> fromApiKey(CallCredentials call) {
        return call.header(settings.apiKeyHeader()).map(key -> {
            String fingerprint = Fingerprints.of(key);
            return apiKeyOwners
                    .ownerOf(fingerprint)
                    .map(owner -> {
                        boolean shared = settings.sharedAccounts().contains(owner.subject());
                        return new Identity(
                                owner.subject(),
                                null,
                                owner.service() || shared ? PrincipalType.SERVICE : PrincipalType.USER,
                                AuthMethod.API_KEY,
                                shared ? owner.subject() : null,
                                owner.organisation(),
                                owner.roles(),
                                fingerprint,
                                true);
                    })
                    .orElseGet(() -> Identity.unverified(AuthMethod.API_KEY, fingerprint, null));
        });
    }

    private Optional<Identity> fromClientCertificate(CallCredentials call) {
        if (!settings.trusts(call.peerAddress())) {
            return Optional.empty();
        }
        return call.header(settings.clientCertSubjectHeader())
                .flatMap(dn -> commonName(dn).map(Names::clean).map(cn -> {
                    return new Identity(
                            cn,
                            null,
                            PrincipalType.SERVICE,
                            AuthMethod.MTLS,
                            sharedAccountOrNull(cn),
                            organisation(dn),
                            List.of(),
                            Fingerprints.of(dn),
                            true);
                }));
    }

    private Optional<Identity> fromBasicCredentials(CallCredentials call) {
        Optional<String> credential = authorization(call, BASIC);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        String encoded = credential.get();
        String fingerprint = Fingerprints.of(encoded);
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.of(Identity.unverified(AuthMethod.BASIC, fingerprint, null));
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        // The password is the API's to check, not apiguard's: the user name is only claimed.
        return Optional.of(Identity.unverified(AuthMethod.BASIC, fingerprint, Names.clean(user)));
    }

    private Optional<Identity> fromUpstreamHeader(CallCredentials call) {
        if (!settings.trusts(call.peerAddress())) {
            return Optional.empty();
        }
        return call.header(settings.upstreamUserHeader()).map(Names::clean).map(user -> {
            String serviceAccount = sharedAccountOrNull(user);
            return new Identity(
                    user,
                    null,
                    principal(user, serviceAccount),
                    AuthMethod.HEADER,
                    serviceAccount,
                    null,
                    List.of(),
                    null,
                    true);
        });
    }

    /**
     * A verified shared account may name the end user it acts for; nobody else may (the header is trivially forged,
     * and an unverified caller claiming the shared account is no shared account).
     */
    private Identity delegatedHeader(Identity caller, CallCredentials call) {
        if (!caller.verified()
                || caller.serviceAccount() == null
                || !caller.serviceAccount().equals(caller.subject())) {
            return caller;
        }
        return call.header(settings.delegationHeader())
                .map(Names::clean)
                .map(endUser -> new Identity(
                        endUser,
                        null,
                        PrincipalType.USER,
                        caller.authMethod(),
                        caller.serviceAccount(),
                        caller.organisation(),
                        caller.roles(),
                        caller.credentialFingerprint(),
                        caller.verified()))
                .orElse(caller);
    }

    /** The credential of an {@code Authorization} header using {@code scheme} (prefix with its space, any case). */
    private static Optional<String> authorization(CallCredentials call, String scheme) {
        return call.header("Authorization")
                .filter(value -> value.regionMatches(true, 0, scheme, 0, scheme.length()))
                .map(value -> value.substring(scheme.length()).trim());
    }

    /** {@code subject} when it is a listed shared account, which makes it the call's service account. */
    private String sharedAccountOrNull(String subject) {
        return settings.sharedAccounts().contains(subject) ? subject : null;
    }

    private PrincipalType principal(String subject, String serviceAccount) {
        return subject.equals(serviceAccount) ? PrincipalType.SERVICE : PrincipalType.USER;
    }

    private static String actingSubject(JwtClaims claims) {
        Object act = claims.getClaimValue("act");
        if (act instanceof Map<?, ?> actor && actor.get("sub") instanceof String sub && !sub.isBlank()) {
            return sub;
        }
        return null;
    }

    private static String stringClaim(JwtClaims claims, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Names.clean(claims.getStringClaimValue(name));
        } catch (MalformedClaimException e) {
            return null;
        }
    }

    private static List<String> listClaim(JwtClaims claims, String name) {
        Object value = name == null ? null : claims.getClaimValue(name);
        List<String> roles = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            items.forEach(item -> roles.add(String.valueOf(item)));
        } else if (value instanceof String text) {
            for (String role : text.trim().split("\\s+")) {
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            }
        }
        // a token may claim any number of roles; a record keeps a bounded few, each a clean name
        return roles.stream()
                .limit(MAX_ROLES)
                .map(Names::clean)
                .filter(role -> role != null)
                .toList();
    }

    private static Optional<String> commonName(String dn) {
        return rdn(dn, "CN");
    }

    private static String organisation(String dn) {
        return rdn(dn, "O").map(Names::clean).orElse(null);
    }

    private static Optional<String> rdn(String dn, String type) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
