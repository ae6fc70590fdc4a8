package io.apiguard.common.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.json.EventJson;

class RuleSetJwsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration VALIDITY = Duration.ofMinutes(10);
    private static final byte[] DOCUMENT = "{\"version\":7,\"rules\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final String SIDECAR = "payments/accounts-7d9f";

    private final KeyPair current = ec();
    private final KeyPair next = ec();
    private final RuleSetJws.Signer signer = new RuleSetJws.Signer(current.getPrivate(), "2026-03");
    private final RuleSetJws.Verifier verifier = new RuleSetJws.Verifier(Map.of("2026-03", current.getPublic()));

    @Test
    void aRuleSetSignedForASidecarVerifiesThereWithItsDocumentAndVersion() {
        // Given
        String jws = signer.sign(DOCUMENT, 7, SIDECAR, NOW, VALIDITY);

        // When
        RuleSetJws.Verified verified = verifier.verify(jws, SIDECAR, NOW.plusSeconds(60), true);

        // Then
        assertThat(verified.verdict()).isEqualTo(RuleSetJws.Verdict.VALID);
        assertThat(verified.version()).isEqualTo(7);
        assertThat(verified.keyId()).isEqualTo("2026-03");
        assertThat(verified.notAfter()).isEqualTo(NOW.plus(VALIDITY));
        assertThat(verified.document().toString()).contains("\"version\":7");
    }

    @Test
    void aPushCapturedOnItsWayToOneSidecarIsRefusedByAnother() {
        String jws = signer.sign(DOCUMENT, 7, SIDECAR, NOW, VALIDITY);

        assertThat(verifier.verify(jws, "payments/accounts-other", NOW, true).verdict())
                .isEqualTo(RuleSetJws.Verdict.WRONG_AUDIENCE);
    }

    @Test
    void anOldPushIsRefusedAfterItsValidityButTheStateFileStillReadsIt() {
        String jws = signer.sign(DOCUMENT, 7, SIDECAR, NOW, VALIDITY);

        assertThat(verifier.verify(jws, SIDECAR, NOW.plus(Duration.ofMinutes(11)), true)
                        .verdict())
                .isEqualTo(RuleSetJws.Verdict.EXPIRED);
        assertThat(verifier.verify(jws, SIDECAR, NOW.plus(Duration.ofDays(3)), false)
                        .valid())
                .isTrue();
    }

    @Test
    void aRuleSetSignedByAKeyTheSidecarDoesNotTrustIsRefused() {
        // Given: signed by someone who knows the key id but not the key
        String forged = new RuleSetJws.Signer(next.getPrivate(), "2026-03").sign(DOCUMENT, 8, SIDECAR, NOW, VALIDITY);
        String unknownKid =
                new RuleSetJws.Signer(next.getPrivate(), "2026-09").sign(DOCUMENT, 8, SIDECAR, NOW, VALIDITY);

        // When / Then
        assertThat(verifier.verify(forged, SIDECAR, NOW, true).verdict()).isEqualTo(RuleSetJws.Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify(unknownKid, SIDECAR, NOW, true).verdict()).isEqualTo(RuleSetJws.Verdict.UNKNOWN_KEY);
    }

    @Test
    void duringARotationBothKeysAreTrusted() {
        RuleSetJws.Verifier rotating =
                new RuleSetJws.Verifier(Map.of("2026-03", current.getPublic(), "2026-09", next.getPublic()));

        assertThat(rotating.verify(signer.sign(DOCUMENT, 7, SIDECAR, NOW, VALIDITY), SIDECAR, NOW, true)
                        .valid())
                .isTrue();
        assertThat(rotating.verify(
                                new RuleSetJws.Signer(next.getPrivate(), "2026-09")
                                        .sign(DOCUMENT, 7, SIDECAR, NOW, VALIDITY),
                                SIDECAR,
                                NOW,
                                true)
                        .valid())
                .isTrue();
    }

    @Test
    void aTamperedPayloadAnUnsignedTokenAndGarbageAreRefused() throws Exception {
        // Given: the payload swapped for one with another audience, signature kept
        String jws = signer.sign(DOCUMENT, 7, SIDECAR, NOW, VALIDITY);
        String[] parts = jws.split("\\.");
        ObjectNode payload =
                (ObjectNode) EventJson.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        payload.put("ver", 99);
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(EventJson.mapper().writeValueAsBytes(payload)) + "." + parts[2];
        String none = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\",\"kid\":\"2026-03\",\"typ\":\"apiguard-rule-set+jws\"}"
                                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";

        // When / Then
        assertThat(verifier.verify(tampered, SIDECAR, NOW, true).verdict()).isEqualTo(RuleSetJws.Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify(none, SIDECAR, NOW, true).verdict()).isEqualTo(RuleSetJws.Verdict.MALFORMED);
        assertThat(verifier.verify("not.a.jws", SIDECAR, NOW, true).verdict()).isEqualTo(RuleSetJws.Verdict.MALFORMED);
        assertThat(verifier.verify("", SIDECAR, NOW, true).verdict()).isEqualTo(RuleSetJws.Verdict.MISSING);
    }

    @Test
    void aPayloadWhoseVersionDisagreesWithItsDocumentIsRefused() {
        String jws = signer.sign(DOCUMENT, 8, SIDECAR, NOW, VALIDITY);

        assertThat(verifier.verify(jws, SIDECAR, NOW, true).verdict()).isEqualTo(RuleSetJws.Verdict.MALFORMED);
    }

    @Test
    void ed25519KeysSignAndVerifyToo() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String jws = new RuleSetJws.Signer(ed.getPrivate(), "ed").sign(DOCUMENT, 7, SIDECAR, NOW, VALIDITY);

        assertThat(new RuleSetJws.Verifier(Map.of("ed", ed.getPublic()))
                        .verify(jws, SIDECAR, NOW, true)
                        .valid())
                .isTrue();
    }

    @Test
    void anRsaOrAnotherCurveIsNotASigningKey() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));

        assertThatThrownBy(() -> new RuleSetJws.Signer(rsa.generateKeyPair().getPrivate(), "rsa"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleSetJws.Signer(p384.generateKeyPair().getPrivate(), "p384"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleSetJws.Signer(current.getPrivate(), " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysRoundTripThroughPemAsOpensslWritesThem(@TempDir Path dir) throws Exception {
        Path privateFile = Files.writeString(dir.resolve("private.pem"), PemKeys.pem(current.getPrivate()));
        Path publicFile = Files.writeString(dir.resolve("2026-03.pem"), PemKeys.pem(current.getPublic()));

        RuleSetJws.Signer fromPem = new RuleSetJws.Signer(PemKeys.privateKey(privateFile), "2026-03");
        RuleSetJws.Verifier verifierFromPem = new RuleSetJws.Verifier(Map.of("2026-03", PemKeys.publicKey(publicFile)));

        assertThat(verifierFromPem
                        .verify(fromPem.sign(DOCUMENT, 7, SIDECAR, NOW, VALIDITY), SIDECAR, NOW, true)
                        .valid())
                .isTrue();
        assertThatThrownBy(() -> PemKeys.privateKey(publicFile)).hasMessageContaining("no PEM block PRIVATE KEY");
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
