package io.apiguard.common.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule-set signing keys in the form {@code openssl} writes them: a PKCS#8 {@code PRIVATE KEY} for
 * enforcement-service, an X.509 {@code PUBLIC KEY} for the sidecars. EC P-256 (ES256) and Ed25519 (EdDSA) are read.
 */
public final class PemKeys {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final List<String> ALGORITHMS = List.of("EC", "Ed25519");

    private PemKeys() {}

    /** Reads a PKCS#8 private key ({@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256}). */
    public static PrivateKey privateKey(Path file) throws IOException {
        byte[] der = block(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY", file);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(file + " holds no EC P-256 or Ed25519 private key");
    }

    /** Reads an X.509 public key ({@code openssl pkey -pubout}). */
    public static PublicKey publicKey(Path file) throws IOException {
        return publicKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** Reads an X.509 public key from PEM text; {@code source} names it in errors. */
    public static PublicKey publicKey(String pem, String source) throws IOException {
        byte[] der = block(pem, "PUBLIC KEY", source);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(source + " holds no EC P-256 or Ed25519 public key");
    }

    /** PEM text of {@code key}: {@code PRIVATE KEY} (PKCS#8) or {@code PUBLIC KEY} (X.509). */
    public static String pem(Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] block(String pem, String type, Object source) throws IOException {
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            if (matcher.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(matcher.group(2));
            }
        }
        throw new IOException(source + " has no PEM block " + type);
    }
}
