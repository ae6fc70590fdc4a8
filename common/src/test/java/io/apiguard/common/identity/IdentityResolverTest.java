package io.apiguard.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.net.IpRange;

class IdentityResolverTest {

    private static final String SHARED = "FinTech_User_01";
    private static final String INGRESS = "10.42.0.7";

    private static RsaJsonWebKey issuerKey;
    private static RsaJsonWebKey forgerKey;

    private final IdentitySettings settings = IdentitySettings.defaults()
            .withSharedAccounts(Set.of(SHARED))
            .withTrustedProxies(List.of(IpRange.parse("10.42.0.0/16")));

    @BeforeAll
    static void keys() throws Exception {
        issuerKey = RsaJwkGenerator.generateJwk(2048);
        issuerKey.setKeyId("issuer");
        forgerKey = RsaJwkGenerator.generateJwk(2048);
        forgerKey.setKeyId("issuer");
    }

    /** A resolver that verifies tokens with the issuer's key and knows the shared account's API key. */
    private IdentityResolver verifying(ApiKeyOwners owners) {
        return new IdentityResolver(
                settings.withJwt(IdentitySettings.Jwt.unverified()
                        .verifiedWith(new JwksVerificationKeyResolver(List.<JsonWebKey>of(issuerKey)))),
                owners);
    }

    private static ApiKeyOwners sharedAccountKey() {
        return ApiKeyOwners.of(
                Map.of(Fingerprints.of("k-fintech"), new ApiKeyOwners.Owner(SHARED, true, "fintech", List.of())));
    }

    @Test
    void theFinTechCaseThreeEndUsersBehindOneVerifiedSharedAccountAreThreeSubjects() {
        // Given: the partner's backend authenticates as the shared account with its API key and names its end user
        IdentityResolver resolver = verifying(sharedAccountKey());

        // When
        List<Identity> identities =
                List.of("alex.s@accounting-xyz", "maria.k@accounting-xyz", "tom.b@ledger-abc").stream()
                        .map(user -> resolver.resolve(
                                call(Map.of("X-API-Key", "k-fintech", "X-End-User", user), "203.0.113.9")))
                        .toList();

        // Then
        assertThat(identities)
                .extracting(Identity::subject)
                .containsExactly("alex.s@accounting-xyz", "maria.k@accounting-xyz", "tom.b@ledger-abc");
        assertThat(identities).allSatisfy(identity -> {
            assertThat(identity.serviceAccount()).isEqualTo(SHARED);
            assertThat(identity.principalType()).isEqualTo(PrincipalType.USER);
            assertThat(identity.authMethod()).isEqualTo(AuthMethod.API_KEY);
            assertThat(identity.verified()).isTrue();
            assertThat(identity.isIndividual()).isTrue();
            assertThat(identity.credentialFingerprint()).startsWith("sha256:").doesNotContain("k-fintech");
        });
    }

    @Test
    void onlyAVerifiedSharedAccountMayNameAnEndUser() throws Exception {
        IdentityResolver resolver = verifying(sharedAccountKey());

        // an unsigned token, a Basic credential and a badly signed token, each claiming the shared account
        Identity unsigned = resolver.resolve(call(
                Map.of("Authorization", "Bearer " + unsigned(claims(SHARED)), "X-End-User", "ceo@bank"),
                "203.0.113.9"));
        Identity basic = resolver.resolve(call(
                Map.of("Authorization", "Basic " + base64(SHARED + ":any"), "X-End-User", "ceo@bank"), "203.0.113.9"));
        Identity forged = resolver.resolve(call(
                Map.of("Authorization", "Bearer " + sign(claims(SHARED), forgerKey), "X-End-User", "ceo@bank"),
                "203.0.113.9"));
        // a verified caller that is no shared account
        Identity mallory = resolver.resolve(call(
                Map.of("Authorization", "Bearer " + sign(claims("mallory"), issuerKey), "X-End-User", "ceo@bank"),
                "203.0.113.9"));
        Identity sharedAlone = resolver.resolve(call(Map.of("X-API-Key", "k-fintech"), "203.0.113.9"));

        assertThat(List.of(unsigned, basic, forged)).allSatisfy(identity -> {
            assertThat(identity.principalType()).isEqualTo(PrincipalType.UNVERIFIED);
            assertThat(identity.subject()).isNull();
            assertThat(identity.serviceAccount()).isNull();
            assertThat(identity.claimedSubject()).isEqualTo(SHARED);
            assertThat(identity.isIndividual()).isFalse();
        });
        assertThat(mallory.subject()).isEqualTo("mallory");
        assertThat(mallory.serviceAccount()).isNull();
        assertThat(sharedAlone.subject()).isEqualTo(SHARED);
        assertThat(sharedAlone.principalType()).isEqualTo(PrincipalType.SERVICE);
        assertThat(sharedAlone.isIndividual()).isFalse();
    }

    @Test
    void withoutAKeyATokenIsUnverifiedAndNamesNobody() throws Exception {
        // Given: no verification key configured
        IdentityResolver resolver = new IdentityResolver(settings, ApiKeyOwners.NONE);
        JwtClaims claims = claims("alex.s@accounting-xyz");
        claims.setClaim("name", "Alex S");
        claims.setStringListClaim("roles", "accountant", "auditor");

        // When: even a well-signed token, since nothing here can check its signature
        Identity identity = resolver.resolve(bearer(sign(claims, issuerKey)));

        // Then
        assertThat(identity.principalType()).isEqualTo(PrincipalType.UNVERIFIED);
        assertThat(identity.subject()).isNull();
        assertThat(identity.claimedSubject()).isEqualTo("alex.s@accounting-xyz");
        assertThat(identity.roles()).isEmpty();
        assertThat(identity.authMethod()).isEqualTo(AuthMethod.JWT);
        assertThat(identity.credentialFingerprint()).startsWith("sha256:");
        assertThat(identity.verified()).isFalse();
    }

    @Test
    void withAKeyConfiguredOnlyAValidTokenNamesItsSubject() throws Exception {
        IdentityResolver resolver = verifying(ApiKeyOwners.NONE);
        JwtClaims expired = claims("alex.s@accounting-xyz");
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
        JwtClaims notYet = claims("alex.s@accounting-xyz");
        notYet.setNotBefore(NumericDate.fromSeconds(NumericDate.now().getValue() + 1800));

        Identity valid = resolver.resolve(bearer(sign(claims("alex.s@accounting-xyz"), issuerKey)));
        Identity forged = resolver.resolve(bearer(sign(claims("ceo@bank"), forgerKey)));
        Identity none = resolver.resolve(bearer(unsigned(claims("ceo@bank"))));
        Identity stale = resolver.resolve(bearer(sign(expired, issuerKey)));
        Identity early = resolver.resolve(bearer(sign(notYet, issuerKey)));
        Identity garbage = resolver.resolve(bearer("not-a-jwt"));

        assertThat(valid.subject()).isEqualTo("alex.s@accounting-xyz");
        assertThat(valid.verified()).isTrue();
        assertThat(valid.principalType()).isEqualTo(PrincipalType.USER);
        assertThat(List.of(forged, none, stale, early, garbage)).allSatisfy(rejected -> {
            assertThat(rejected.principalType()).isEqualTo(PrincipalType.UNVERIFIED);
            assertThat(rejected.subject()).isNull();
            assertThat(rejected.authMethod()).isEqualTo(AuthMethod.JWT);
            assertThat(rejected.credentialFingerprint()).startsWith("sha256:");
            assertThat(rejected.verified()).isFalse();
        });
        assertThat(forged.claimedSubject()).isEqualTo("ceo@bank");
        assertThat(none.claimedSubject()).isEqualTo("ceo@bank");
        assertThat(garbage.claimedSubject()).isNull();
    }

    @Test
    void theActClaimOfAVerifiedTokenNamesThePersonWhicheverSideTheSharedAccountIsOn() throws Exception {
        IdentityResolver resolver = verifying(ApiKeyOwners.NONE);
        JwtClaims sharedInSub = claims(SHARED);
        sharedInSub.setClaim("act", Map.of("sub", "alex.s@accounting-xyz"));
        JwtClaims rfc8693 = claims("maria.k@accounting-xyz");
        rfc8693.setClaim("act", Map.of("sub", "billing-service"));

        Identity viaGateway = resolver.resolve(bearer(sign(sharedInSub, issuerKey)));
        Identity viaExchange = resolver.resolve(bearer(sign(rfc8693, issuerKey)));
        Identity forgedAct = resolver.resolve(bearer(sign(sharedInSub, forgerKey)));

        assertThat(viaGateway.subject()).isEqualTo("alex.s@accounting-xyz");
        assertThat(viaGateway.serviceAccount()).isEqualTo(SHARED);
        assertThat(viaExchange.subject()).isEqualTo("maria.k@accounting-xyz");
        assertThat(viaExchange.serviceAccount()).isEqualTo("billing-service");
        assertThat(List.of(viaGateway, viaExchange)).allMatch(Identity::isIndividual);
        assertThat(forgedAct.principalType()).isEqualTo(PrincipalType.UNVERIFIED);
    }

    @Test
    void anApiKeyIsAttributedToItsOwnerAndAnUnknownKeyIsUnverified() {
        ApiKeyOwners owners = ApiKeyOwners.of(Map.of(
                Fingerprints.of("k-123"), new ApiKeyOwners.Owner("reporting-job", true, "bank", List.of("read"))));
        IdentityResolver resolver = new IdentityResolver(settings, owners);

        Identity known = resolver.resolve(call(Map.of("x-api-key", "k-123"), "203.0.113.9"));
        Identity unknown = resolver.resolve(call(Map.of("X-API-Key", "k-999"), "203.0.113.9"));

        assertThat(known.subject()).isEqualTo("reporting-job");
        assertThat(known.principalType()).isEqualTo(PrincipalType.SERVICE);
        assertThat(known.roles()).containsExactly("read");
        assertThat(known.verified()).isTrue();
        assertThat(unknown.principalType()).isEqualTo(PrincipalType.UNVERIFIED);
        assertThat(unknown.authMethod()).isEqualTo(AuthMethod.API_KEY);
        assertThat(unknown.credentialFingerprint()).isEqualTo(Fingerprints.of("k-999"));
    }

    @Test
    void aBasicCredentialIsOnlyClaimedSinceNobodyHereChecksItsPassword() {
        IdentityResolver resolver = new IdentityResolver(settings, ApiKeyOwners.NONE);

        Identity right =
                resolver.resolve(call(Map.of("Authorization", "Basic " + base64("alex:the-password")), INGRESS));
        Identity wrong = resolver.resolve(call(Map.of("Authorization", "Basic " + base64("alex:a guess")), INGRESS));

        assertThat(List.of(right, wrong)).allSatisfy(identity -> {
            assertThat(identity.principalType()).isEqualTo(PrincipalType.UNVERIFIED);
            assertThat(identity.claimedSubject()).isEqualTo("alex");
            assertThat(identity.subject()).isNull();
        });
        // two passwords, two credentials: counted apart, never as one person
        assertThat(right.credentialFingerprint()).isNotEqualTo(wrong.credentialFingerprint());
    }

    @Test
    void whatACallerWritesIntoACredentialCannotBreakARecord() throws Exception {
        IdentityResolver resolver = verifying(sharedAccountKey());
        String nul = "mallory\u0000<script>" + "x".repeat(10_000);
        JwtClaims claims = claims(nul);

        Identity fromToken = resolver.resolve(bearer(unsigned(claims)));
        Identity fromBasic = resolver.resolve(call(Map.of("Authorization", "Basic " + base64(nul + ":pw")), INGRESS));
        Identity delegated = resolver.resolve(call(Map.of("X-API-Key", "k-fintech", "X-End-User", nul), INGRESS));

        for (String name : List.of(fromToken.claimedSubject(), fromBasic.claimedSubject(), delegated.subject())) {
            assertThat(name)
                    .hasSizeLessThanOrEqualTo(Names.MAX_LENGTH)
                    .doesNotContain("\u0000")
                    .startsWith("mallory\uFFFD<script>");
        }
    }

    @Test
    void aClientCertificateAndAnUpstreamUserCountOnlyFromTrustedProxies() {
        IdentityResolver resolver = new IdentityResolver(settings, ApiKeyOwners.NONE);
        Map<String, String> cert = Map.of("ssl-client-subject-dn", "CN=ledger-sync,OU=apps,O=Bank AG,C=DE");
        Map<String, String> upstream = Map.of("X-Forwarded-User", "alex.s@accounting-xyz");

        Identity certFromIngress = resolver.resolve(call(cert, INGRESS));
        Identity certFromAnyone = resolver.resolve(call(cert, "203.0.113.9"));
        Identity userFromIngress = resolver.resolve(call(upstream, INGRESS));
        Identity userFromAnyone = resolver.resolve(call(upstream, "203.0.113.9"));

        assertThat(certFromIngress.subject()).isEqualTo("ledger-sync");
        assertThat(certFromIngress.organisation()).isEqualTo("Bank AG");
        assertThat(certFromIngress.authMethod()).isEqualTo(AuthMethod.MTLS);
        assertThat(certFromIngress.verified()).isTrue();
        assertThat(userFromIngress.subject()).isEqualTo("alex.s@accounting-xyz");
        assertThat(userFromIngress.authMethod()).isEqualTo(AuthMethod.HEADER);
        assertThat(List.of(certFromAnyone, userFromAnyone)).allSatisfy(identity -> {
            assertThat(identity.principalType()).isEqualTo(PrincipalType.ANONYMOUS);
            assertThat(identity.authMethod()).isEqualTo(AuthMethod.NONE);
        });
    }

    @Test
    void theChainTriesSourcesInOrderAndFallsBackToAnonymous() throws Exception {
        Map<String, String> both = new HashMap<>(
                Map.of("Authorization", "Bearer " + sign(claims("from-jwt"), issuerKey), "X-API-Key", "k-1"));
        ApiKeyOwners owners = ApiKeyOwners.of(
                Map.of(Fingerprints.of("k-1"), new ApiKeyOwners.Owner("from-key", false, null, List.of())));
        IdentitySettings.Jwt jwt = IdentitySettings.Jwt.unverified()
                .verifiedWith(new JwksVerificationKeyResolver(List.<JsonWebKey>of(issuerKey)));
        IdentitySettings keyFirst = new IdentitySettings(
                List.of(IdentitySettings.Source.API_KEY, IdentitySettings.Source.JWT),
                jwt,
                settings.sharedAccounts(),
                settings.delegationHeader(),
                settings.apiKeyHeader(),
                settings.clientCertSubjectHeader(),
                settings.upstreamUserHeader(),
                settings.trustedProxies());

        assertThat(verifying(owners).resolve(call(both, INGRESS)).subject()).isEqualTo("from-jwt");
        assertThat(new IdentityResolver(keyFirst, owners)
                        .resolve(call(both, INGRESS))
                        .subject())
                .isEqualTo("from-key");
        assertThat(verifying(owners).resolve(call(Map.of(), INGRESS))).isEqualTo(Identity.anonymous());
        assertThat(verifying(owners).resolve(call(Map.of("Authorization", "Basic !!!"), INGRESS)))
                .satisfies(identity -> {
                    assertThat(identity.principalType()).isEqualTo(PrincipalType.UNVERIFIED);
                    assertThat(identity.authMethod()).isEqualTo(AuthMethod.BASIC);
                });
    }

    private static CallCredentials call(Map<String, String> headers, String peer) {
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return CallCredentials.of(multi, peer);
    }

    private static CallCredentials bearer(String token) {
        return call(Map.of("Authorization", "Bearer " + token), "203.0.113.9");
    }

    private static JwtClaims claims(String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setIssuer("https://idp.bank.example");
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setIssuedAtToNow();
        return claims;
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    /** The token with {@code alg: none}: what anyone can write. */
    private static String unsigned(JwtClaims claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
