package io.apiguard.testing.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;

import io.apiguard.common.rules.PemKeys;
import io.apiguard.common.rules.RuleSetJws;

/**
 * A rule-set signing key pair in files, as an operator would make it with openssl: the private key for
 * enforcement-service, and a directory of public keys ({@code <kid>.pem}) for sidecars. Keys are generated, never
 * checked in.
 *
 * @param privateKeyFile  the PKCS#8 private key
 * @param keyId           its key id
 * @param publicKeysDir   the directory a sidecar reads trusted public keys from
 * @param pair            the keys themselves
 */
public record RuleSetKeys(Path privateKeyFile, String keyId, Path publicKeysDir, KeyPair pair) {

    private static RuleSetKeys shared;

    /** Generates an EC P-256 pair under {@code dir}. */
    public static RuleSetKeys generate(Path dir, String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Path publicDir = Files.createDirectories(dir.resolve("public"));
            Path privateFile = Files.writeString(dir.resolve("rule-set-signing.pem"), PemKeys.pem(pair.getPrivate()));
            Files.writeString(publicDir.resolve(keyId + ".pem"), PemKeys.pem(pair.getPublic()));
            return new RuleSetKeys(privateFile, keyId, publicDir, pair);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is required of every JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pair every test of this JVM shares. */
    public static synchronized RuleSetKeys shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("apiguard-rule-set-keys");
                dir.toFile().deleteOnExit();
                shared = generate(dir, "test-key-1");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A signer with the private key, as enforcement-service signs. */
    public RuleSetJws.Signer signer() {
        return new RuleSetJws.Signer(pair.getPrivate(), keyId);
    }

    /** A verifier trusting the public key, as a sidecar verifies. */
    public RuleSetJws.Verifier verifier() {
        return new RuleSetJws.Verifier(Map.of(keyId, pair.getPublic()));
    }
}
