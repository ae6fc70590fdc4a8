package io.apiguard.support.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.RsaKeyUtil;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.identity.ApiKeyOwners;
import io.apiguard.common.identity.IdentityResolver;
import io.apiguard.common.identity.IdentitySettings;
import io.apiguard.common.net.IpRange;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Turns {@link IdentityConfig} into the one {@link IdentityResolver} of the app; bad key material fails startup. */
@ApplicationScoped
public class IdentityResolverProducer {

    @Produces
    @ApplicationScoped
    IdentityResolver identityResolver(IdentityConfig config, ObjectMapper mapper) {
        requireVerifiableTokens(config, LaunchMode.current());
        return new IdentityResolver(settings(config), apiKeyOwners(config, mapper));
    }

    /**
     * Refuses, in the prod profile, JWT resolution without a key to verify with unless {@code allow-unverified} says
     * it is meant: every bearer token would then be unverified, which is almost always a forgotten JWKS. An app may
     * test its shipped configuration against this.
     */
    public static void requireVerifiableTokens(IdentityConfig config, LaunchMode mode) {
        IdentityConfig.Jwt jwt = config.jwt();
        requireVerifiableTokens(
                config.order(),
                jwt.jwksFile().isPresent()
                        || jwt.jwksUrl().isPresent()
                        || jwt.publicKeyFile().isPresent(),
                config.allowUnverified(),
                mode);
    }

    static void requireVerifiableTokens(
            List<IdentitySettings.Source> order, boolean keyed, boolean allowUnverified, LaunchMode mode) {
        if (mode == LaunchMode.NORMAL && order.contains(IdentitySettings.Source.JWT) && !keyed && !allowUnverified) {
            throw new IllegalStateException(
                    "JWT resolution is on (apiguard.identity.order) but no key verifies tokens: "
                            + "set apiguard.identity.jwt.jwks-url, jwks-file or public-key-file, or "
                            + "apiguard.identity.allow-unverified=true to record every bearer token as unverified");
        }
    }

    static IdentitySettings settings(IdentityConfig config) {
        IdentityConfig.Jwt jwt = config.jwt();
        VerificationKeyResolver keys = verificationKeys(jwt);
        return new IdentitySettings(
                config.order(),
                new IdentitySettings.Jwt(
                        jwt.subjectClaim(), jwt.displayNameClaim(), jwt.organisationClaim(), jwt.rolesClaim(), keys),
                config.sharedAccounts().orElse(Set.of()),
                config.delegationHeader(),
                config.apiKeyHeader(),
                config.clientCertSubjectHeader(),
                config.upstreamUserHeader(),
                config.trustedProxies().orElse(List.of()).stream()
                        .map(IpRange::parse)
                        .toList());
    }

    private static VerificationKeyResolver verificationKeys(IdentityConfig.Jwt jwt) {
        try {
            if (jwt.jwksFile().isPresent()) {
                String json = Files.readString(jwt.jwksFile().get());
                return new JwksVerificationKeyResolver(new JsonWebKeySet(json).getJsonWebKeys());
            }
            if (jwt.jwksUrl().isPresent()) {
                RefreshingJwks jwks = new RefreshingJwks(
                        jwt.jwksUrl().get(), Infrastructure.getDefaultWorkerPool(), Duration.ofSeconds(30));
                jwks.refresh();
                Infrastructure.getDefaultWorkerPool()
                        .scheduleAtFixedRate(
                                jwks::refresh,
                                jwt.jwksRefresh().toMillis(),
                                jwt.jwksRefresh().toMillis(),
                                TimeUnit.MILLISECONDS);
                return jwks;
            }
            if (jwt.publicKeyFile().isPresent()) {
                PublicKey key = new RsaKeyUtil()
                        .fromPemEncoded(Files.readString(jwt.publicKeyFile().get()));
                return (signature, nesting) -> key;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JWT verification key: " + e.getMessage(), e);
        } catch (JoseException | java.security.spec.InvalidKeySpecException e) {
            throw new IllegalStateException("invalid JWT verification key: " + e.getMessage(), e);
        }
    }

    private static ApiKeyOwners apiKeyOwners(IdentityConfig config, ObjectMapper mapper) {
        if (config.apiKeyOwnersFile().isEmpty()) {
            return ApiKeyOwners.NONE;
        }
        Path file = config.apiKeyOwnersFile().get();
        try {
            OwnerEntry[] entries = mapper.readValue(file.toFile(), OwnerEntry[].class);
            Map<String, ApiKeyOwners.Owner> byFingerprint = new HashMap<>();
            for (OwnerEntry entry : entries) {
                byFingerprint.put(
                        entry.fingerprint(),
                        new ApiKeyOwners.Owner(entry.subject(), entry.service(), entry.organisation(), entry.roles()));
            }
            return ApiKeyOwners.of(byFingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API-key owners file " + file + ": " + e.getMessage(), e);
        }
    }

    /** One line of the API-key owners file. */
    record OwnerEntry(String fingerprint, String subject, boolean service, String organisation, List<String> roles) {}
}
