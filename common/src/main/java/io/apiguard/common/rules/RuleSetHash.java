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

    private RuleSetHash() {}

    /** {@code sha256:} and the hex digest of the canonical form of a set without a route table. */
    public static String of(
            List<EnforcementRule> rules,
            RuleSet.Allowlist allowlist,
            Map<String, RuleMode> namespaceModes,
            Map<String, String> signatures) {
        return of(rules, allowlist, namespaceModes, signatures, List.of());
    }

    /**
     * {@code sha256:} and the hex digest of the canonical form. An empty route table is left out of the canonical form,
     * so a set without routes keeps the hash it had before sets carried routes (no needless new version on upgrade).
     */
    public static String of(
            List<EnforcementRule> rules,
            RuleSet.Allowlist allowlist,
            Map<String, RuleMode> namespaceModes,
            Map<String, String> signatures,
            List<RuleSet.Route> routes) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put(
                "rules",
                rules.stream().sorted(Comparator.comparing(EnforcementRule::id)).toList());
        canonical.put("allowlist", allowlist);
        canonical.put("namespaceModes", new TreeMap<>(namespaceModes));
        canonical.put("signatures", new TreeMap<>(signatures));
        if (routes != null && !routes.isEmpty()) {
            canonical.put("routes", sorted(routes));
        }
        try {
            byte[] json = EventJson.mapper().writeValueAsBytes(canonical);
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rule set always serializes", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** {@code routes} in the canonical order: by api id. */
    static List<RuleSet.Route> sorted(List<RuleSet.Route> routes) {
        return routes.stream()
                .sorted(Comparator.comparing(RuleSet.Route::apiId, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }
}
