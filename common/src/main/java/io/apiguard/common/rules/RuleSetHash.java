package io.apiguard.common.rules;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.json.EventJson;

/**
 * The content hash of a rule set: SHA-256 over a canonical JSON form (rules sorted by id, maps sorted by key), so the
 * same rules give the same hash whatever their order and whichever version number they got.
 */
public final class RuleSetHash {

    private RuleSetHash() {
    }

    /** {@code sha256:} and the hex digest of the canonical form. */
    public static String of(List<EnforcementRule> rules, RuleSet.Allowlist allowlist, Map<String, RuleMode> namespaceModes,
            Map<String, String> signatures) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("rules", rules.stream().sorted(Comparator.comparing(EnforcementRule::id)).toList());
        canonical.put("allowlist", allowlist);
        canonical.put("namespaceModes", new TreeMap<>(namespaceModes));
        canonical.put("signatures", new TreeMap<>(signatures));
        try {
            byte[] json = EventJson.mapper().writeValueAsBytes(canonical);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rule set always serializes", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
