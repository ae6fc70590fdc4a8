package io.apiguard.common.rules;

import java.io.IOException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.json.EventJson;

/**
 * A rule set as it travels from enforcement-service to one sidecar: a JWS (compact serialization, ES256 or EdDSA, with
 * the signing key's {@code kid}) whose payload names its audience (the sidecar, {@code namespace/pod}), its version
 * and its validity, and holds the rule-set document. enforcement-service holds the only private key; a sidecar holds
 * public keys (two during a rotation). A push captured on its way to one sidecar is refused by every other one
 * (audience), and replayed on its own sidecar it installs nothing new (the version is not newer than the one in force).
 * The same form serves a push (request body) and a pull (response body). Thread-safe.
 */
public final class RuleSetJws {

    /** The media type of the compact serialization. */
    public static final String MEDIA_TYPE = "application/jose";
    /** The JWS {@code typ} header of a rule set. */
    static final String TYPE = "apiguard-rule-set+jws";

    private static final ObjectMapper MAPPER = EventJson.mapper();
    private static final AlgorithmConstraints ALLOWED = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.EDDSA);

    private RuleSetJws() {}

    /**
     * Signs rule-set documents for sidecars with enforcement-service's private key.
     *
     * @param key   an EC P-256 or Ed25519 private key
     * @param keyId its {@code kid}, the name sidecars know its public key by
     */
    public record Signer(PrivateKey key, String keyId) {

        public Signer {
            if (keyId == null || keyId.isBlank()) {
                throw new IllegalArgumentException("a signing key needs a key id");
            }
            algorithm(key);
        }

        /**
         * The compact JWS of {@code document} for {@code audience}, valid from {@code issuedAt} for {@code validity}.
         */
        public String sign(byte[] document, long version, String audience, Instant issuedAt, Duration validity) {
            try {
                return sign(MAPPER.readTree(document), version, audience, issuedAt, validity);
            } catch (IOException e) {
                throw new IllegalStateException("a rule set always signs: " + e.getMessage(), e);
            }
        }

        /**
         * The compact JWS of {@code document}, a tree read once and signed for each sidecar ({@code audience}), valid
         * from {@code issuedAt} for {@code validity}. The tree is only read.
         */
        public String sign(JsonNode document, long version, String audience, Instant issuedAt, Duration validity) {
            try {
                ObjectNode payload = MAPPER.createObjectNode();
                payload.put("aud", audience);
                payload.put("ver", version);
                payload.put("iat", issuedAt.getEpochSecond());
                payload.put("exp", issuedAt.plus(validity).getEpochSecond());
                payload.set("ruleSet", document);
                JsonWebSignature jws = new JsonWebSignature();
                jws.setPayloadBytes(MAPPER.writeValueAsBytes(payload));
                jws.setAlgorithmHeaderValue(algorithm(key));
                jws.setKeyIdHeaderValue(keyId);
                jws.setHeader("typ", TYPE);
                jws.setKey(key);
                return jws.getCompactSerialization();
            } catch (IOException | JoseException e) {
                throw new IllegalStateException("a rule set always signs: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Checks signed rule sets with the public keys a sidecar trusts, by {@code kid}.
     *
     * @param keys public keys by key id
     */
    public record Verifier(Map<String, PublicKey> keys) {

        public Verifier {
            keys = Map.copyOf(keys);
            keys.values().forEach(RuleSetJws::algorithm);
        }

        /**
         * Verifies {@code compact} for {@code audience}; never throws for bad input. The signature is checked before
         * anything the payload says is believed.
         *
         * @param checkExpiry false only for the sidecar's own state file, whose point is to outlive the validity
         */
        public Verified verify(String compact, String audience, Instant now, boolean checkExpiry) {
            if (compact == null || compact.isBlank()) {
                return Verified.refused(Verdict.MISSING);
            }
            JsonWebSignature jws = new JsonWebSignature();
            JsonNode payload;
            try {
                jws.setAlgorithmConstraints(ALLOWED);
                jws.setCompactSerialization(compact.strip());
                if (!TYPE.equals(jws.getHeader("typ"))) {
                    return Verified.refused(Verdict.MALFORMED);
                }
                PublicKey key = jws.getKeyIdHeaderValue() == null ? null : keys.get(jws.getKeyIdHeaderValue());
                if (key == null) {
                    return Verified.refused(Verdict.UNKNOWN_KEY);
                }
                jws.setKey(key);
                if (!jws.verifySignature()) {
                    return Verified.refused(Verdict.BAD_SIGNATURE);
                }
                payload = MAPPER.readTree(jws.getPayloadBytes());
            } catch (JoseException | IOException | RuntimeException e) {
                return Verified.refused(Verdict.MALFORMED);
            }
            if (payload == null
                    || !payload.isObject()
                    || !payload.path("ver").canConvertToLong()
                    || !payload.path("exp").canConvertToLong()
                    || !payload.path("iat").canConvertToLong()
                    || !payload.path("ruleSet").isObject()) {
                return Verified.refused(Verdict.MALFORMED);
            }
            if (!payload.path("aud").isTextual() || !payload.get("aud").asText().equals(audience)) {
                return Verified.refused(Verdict.WRONG_AUDIENCE);
            }
            Instant notAfter = Instant.ofEpochSecond(payload.get("exp").asLong());
            if (checkExpiry && now.isAfter(notAfter)) {
                return Verified.refused(Verdict.EXPIRED);
            }
            long version = payload.get("ver").asLong();
            if (payload.get("ruleSet").path("version").asLong(-1) != version) {
                return Verified.refused(Verdict.MALFORMED);
            }
            return new Verified(
                    Verdict.VALID,
                    payload.get("ruleSet"),
                    version,
                    Instant.ofEpochSecond(payload.get("iat").asLong()),
                    notAfter,
                    jws.getKeyIdHeaderValue());
        }
    }

    /**
     * The outcome of a verification.
     *
     * @param verdict  the check
     * @param document the rule-set document when valid, as read from the payload (for
     *                 {@link RuleSetDocument#parse(JsonNode)})
     * @param version  its version
     * @param issuedAt when it was signed
     * @param notAfter until when it may be installed
     * @param keyId    the key that signed it
     */
    public record Verified(
            Verdict verdict, JsonNode document, long version, Instant issuedAt, Instant notAfter, String keyId) {

        static Verified refused(Verdict verdict) {
            return new Verified(verdict, null, -1, null, null, null);
        }

        /** True when the document may be read and installed. */
        public boolean valid() {
            return verdict == Verdict.VALID;
        }
    }

    /** Why a signed rule set was or was not believed. */
    public enum Verdict {
        /** Signed by a trusted key, for this sidecar, within its validity. */
        VALID,
        /** Nothing was sent (401). */
        MISSING,
        /** Not a rule-set JWS, or its payload is unreadable (400). */
        MALFORMED,
        /** Signed with a key this sidecar does not trust, or without a key id (403). */
        UNKNOWN_KEY,
        /** The signature does not verify (403). */
        BAD_SIGNATURE,
        /** Signed for another sidecar: a captured push replayed here (403). */
        WRONG_AUDIENCE,
        /** Past its validity: a replay of an old push (403). */
        EXPIRED
    }

    private static String algorithm(Key key) {
        if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
        }
        if (key instanceof EdECKey) {
            return AlgorithmIdentifiers.EDDSA;
        }
        throw new IllegalArgumentException("rule sets are signed with EC P-256 (ES256) or Ed25519 (EdDSA) keys, not "
                + (key == null ? "no key" : key.getAlgorithm()));
    }
}
