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

import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;

/**
 * Resolves who made a call, as an ordered chain (see {@link IdentitySettings}). Pure and thread-safe: the sidecar
 * calls it on its event loop for every request, logging-service for every record that arrives without an identity.
 * A credential that is present but not believable (a forged or expired token, an unknown API key) yields an anonymous
 * identity that keeps the credential's fingerprint and method, so detection still sees who keeps trying.
 */
public final class IdentityResolver {

    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";

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
        this.verifyingConsumer = settings.jwt().verificationKeys() == null ? null : new JwtConsumerBuilder()
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
        JwtClaims claims;
        boolean verified;
        try {
            if (verifyingConsumer != null) {
                claims = verifyingConsumer.processToClaims(token);
                verified = true;
            } else {
                claims = readingConsumer.processToClaims(token);
                verified = false;
            }
        } catch (InvalidJwtException e) {
            // Forged, expired or not a JWT at all: the call is not attributed to whoever the token names.
            return Optional.of(rejected(AuthMethod.JWT, fingerprint));
        }
        IdentitySettings.Jwt jwt = settings.jwt();
        String subject = stringClaim(claims, jwt.subjectClaim());
        if (subject == null) {
            return Optional.of(rejected(AuthMethod.JWT, fingerprint));
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
        return Optional.of(new Identity(individual, stringClaim(claims, jwt.displayNameClaim()),
                principal(individual, serviceAccount), AuthMethod.JWT, serviceAccount,
                stringClaim(claims, jwt.organisationClaim()), listClaim(claims, jwt.rolesClaim()), fingerprint, verified));
    }

    private Optional<Identity> fromApiKey(CallCredentials call) {
        return call.header(settings.apiKeyHeader()).map(key -> {
            String fingerprint = Fingerprints.of(key);
            return apiKeyOwners.ownerOf(fingerprint)
                    .map(owner -> {
                        boolean shared = settings.sharedAccounts().contains(owner.subject());
                        return new Identity(owner.subject(), null,
                                owner.service() || shared ? PrincipalType.SERVICE : PrincipalType.USER,
                                AuthMethod.API_KEY, shared ? owner.subject() : null, owner.organisation(), owner.roles(),
                                fingerprint, true);
                    })
                    .orElseGet(() -> rejected(AuthMethod.API_KEY, fingerprint));
        });
    }

    private Optional<Identity> fromClientCertificate(CallCredentials call) {
        if (!settings.trusts(call.peerAddress())) {
            return Optional.empty();
        }
        return call.header(settings.clientCertSubjectHeader()).flatMap(dn -> commonName(dn).map(cn -> {
            return new Identity(cn, null, PrincipalType.SERVICE, AuthMethod.MTLS, sharedAccountOrNull(cn), organisation(dn),
                    List.of(), Fingerprints.of(dn), true);
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
            return Optional.of(rejected(AuthMethod.BASIC, fingerprint));
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        if (user.isBlank()) {
            return Optional.of(rejected(AuthMethod.BASIC, fingerprint));
        }
        // The password cannot be checked here: the API does that; the user name is recorded as claimed.
        String serviceAccount = sharedAccountOrNull(user);
        return Optional.of(new Identity(user, null, principal(user, serviceAccount), AuthMethod.BASIC, serviceAccount,
                null, List.of(), fingerprint, false));
    }

    private Optional<Identity> fromUpstreamHeader(CallCredentials call) {
        if (!settings.trusts(call.peerAddress())) {
            return Optional.empty();
        }
        return call.header(settings.upstreamUserHeader()).map(user -> {
            String serviceAccount = sharedAccountOrNull(user);
            return new Identity(user, null, principal(user, serviceAccount), AuthMethod.HEADER, serviceAccount, null,
                    List.of(), null, true);
        });
    }

    /** A shared account may name the end user it acts for; nobody else may (the header is trivially forged). */
    private Identity delegatedHeader(Identity caller, CallCredentials call) {
        if (caller.serviceAccount() == null || !caller.serviceAccount().equals(caller.subject())) {
            return caller;
        }
        return call.header(settings.delegationHeader())
                .map(endUser -> new Identity(endUser, null, PrincipalType.USER, caller.authMethod(),
                        caller.serviceAccount(), caller.organisation(), caller.roles(), caller.credentialFingerprint(),
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

    private static Identity rejected(AuthMethod method, String fingerprint) {
        return new Identity(null, null, PrincipalType.ANONYMOUS, method, null, null, List.of(), fingerprint, false);
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
            String value = claims.getStringClaimValue(name);
            return value == null || value.isBlank() ? null : value;
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
        return roles;
    }

    private static Optional<String> commonName(String dn) {
        return rdn(dn, "CN");
    }

    private static String organisation(String dn) {
        return rdn(dn, "O").orElse(null);
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
