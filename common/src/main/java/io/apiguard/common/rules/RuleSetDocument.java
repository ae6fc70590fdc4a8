package io.apiguard.common.rules;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.json.EventJson;

/**
 * Reads and writes the JSON of a {@link RuleSet}. Reading is lenient per rule and strict per document: every rule is
 * read and validated on its own, so a refused document says which rules were wrong and why, and a document with any
 * error is refused whole (a sidecar never enforces half a set).
 */
public final class RuleSetDocument {

    private static final ObjectMapper MAPPER = EventJson.mapper();

    private RuleSetDocument() {}

    /** The JSON of {@code ruleSet}, as signed and sent. */
    public static byte[] write(RuleSet ruleSet) {
        try {
            return MAPPER.writeValueAsBytes(ruleSet);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rule set always serializes", e);
        }
    }

    /** {@code ruleSet} as a JSON tree, exactly what {@link #write} gives read back: signed as is, once per sidecar. */
    public static JsonNode tree(RuleSet ruleSet) {
        try {
            return MAPPER.readTree(write(ruleSet));
        } catch (IOException e) {
            throw new IllegalStateException("a rule set always reads back", e);
        }
    }

    /** Reads and validates a document; never throws for bad input. */
    public static Parsed parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            return Parsed.refused(List.of(RuleError.ofDocument("not a JSON document: " + readable(e))));
        }
        return parse(root);
    }

    /** Validates a document already read (a verified rule-set JWS's payload); never throws for bad input. */
    public static Parsed parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Parsed.refused(List.of(RuleError.ofDocument("a rule set is a JSON object")));
        }
        List<RuleError> errors = new ArrayList<>();
        JsonNode versionNode = root.get("version");
        if (versionNode == null || !versionNode.canConvertToLong() || versionNode.asLong() < 0) {
            errors.add(RuleError.ofDocument("version must be a non-negative integer"));
        }
        RuleSet.Allowlist allowlist = read(root.get("allowlist"), RuleSet.Allowlist.class, "allowlist", errors);
        Map<String, String> signatures = readSignatures(root.get("signatures"), errors);
        Map<String, RuleMode> modes = readModes(root.get("namespaceModes"), errors);
        Instant issuedAt = read(root.get("issuedAt"), Instant.class, "issuedAt", errors);
        if (allowlist != null) {
            RuleValidation.problems(allowlist).forEach(problem -> errors.add(RuleError.ofDocument(problem)));
        }
        JsonNode rulesNode = root.get("rules");
        List<EnforcementRule> rules = new ArrayList<>();
        if (rulesNode != null && !rulesNode.isNull() && !rulesNode.isArray()) {
            errors.add(RuleError.ofDocument("rules must be an array"));
        } else if (rulesNode != null) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < rulesNode.size(); i++) {
                JsonNode node = rulesNode.get(i);
                String id = node.hasNonNull("id") ? node.get("id").asText() : null;
                EnforcementRule rule;
                try {
                    rule = MAPPER.treeToValue(node, EnforcementRule.class);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    errors.add(new RuleError(i, id, readable(e)));
                    continue;
                }
                if (rule == null) {
                    errors.add(new RuleError(i, null, "a rule is a JSON object"));
                    continue;
                }
                for (String problem : RuleValidation.unevaluatedMatchFields(node.get("match")::fieldNames)) {
                    errors.add(new RuleError(i, rule.id(), problem));
                }
                for (String problem : RuleValidation.problems(rule, signatures == null ? Map.of() : signatures)) {
                    errors.add(new RuleError(i, rule.id(), problem));
                }
                if (!ids.add(rule.id())) {
                    errors.add(new RuleError(i, rule.id(), "duplicate rule id"));
                }
                rules.add(rule);
            }
        }
        List<RuleSet.Route> routes = readRoutes(root.get("routes"), errors);
        if (!errors.isEmpty()) {
            return Parsed.refused(errors);
        }
        String hash = root.hasNonNull("hash")
                ? root.get("hash").asText()
                : RuleSetHash.of(
                        rules,
                        allowlist == null ? RuleSet.Allowlist.NONE : allowlist,
                        modes == null ? Map.of() : modes,
                        signatures == null ? Map.of() : signatures,
                        routes);
        return Parsed.accepted(
                new RuleSet(versionNode.asLong(), hash, issuedAt, rules, allowlist, modes, signatures, routes));
    }

    private static <T> T read(JsonNode node, Class<T> type, String name, List<RuleError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add(RuleError.ofDocument(name + ": " + readable(e)));
            return null;
        }
    }

    private static List<RuleSet.Route> readRoutes(JsonNode node, List<RuleError> errors) {
        List<RuleSet.Route> routes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return routes;
        }
        if (!node.isArray()) {
            errors.add(RuleError.ofDocument("routes must be an array"));
            return routes;
        }
        Set<String> apiIds = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            RuleSet.Route route = read(node.get(i), RuleSet.Route.class, "routes[" + i + "]", errors);
            if (route == null) {
                if (node.get(i).isNull()) {
                    errors.add(RuleError.ofDocument("routes[" + i + "] must be an object"));
                }
                continue;
            }
            RuleValidation.problems(route, i).forEach(problem -> errors.add(RuleError.ofDocument(problem)));
            if (route.apiId() != null && !apiIds.add(route.apiId())) {
                errors.add(RuleError.ofDocument("routes[" + i + "]: duplicate apiId " + route.apiId()));
            }
            routes.add(route);
        }
        return routes;
    }

    private static Map<String, String> readSignatures(JsonNode node, List<RuleError> errors) {
        Map<String, String> signatures = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return signatures;
        }
        if (!node.isObject()) {
            errors.add(RuleError.ofDocument("signatures must be an object of id to expression"));
            return signatures;
        }
        node.fields().forEachRemaining(entry -> {
            try {
                PayloadSignatures.compileExpression(
                        entry.getValue().isTextual() ? entry.getValue().asText() : null);
                signatures.put(entry.getKey(), entry.getValue().asText());
            } catch (IllegalArgumentException e) {
                errors.add(RuleError.ofDocument("signatures." + entry.getKey() + ": " + e.getMessage()));
            }
        });
        return signatures;
    }

    private static Map<String, RuleMode> readModes(JsonNode node, List<RuleError> errors) {
        Map<String, RuleMode> modes = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return modes;
        }
        if (!node.isObject()) {
            errors.add(RuleError.ofDocument("namespaceModes must be an object of namespace to mode"));
            return modes;
        }
        node.fields().forEachRemaining(entry -> {
            RuleMode mode = null;
            for (RuleMode candidate : RuleMode.values()) {
                if (candidate.wire().equals(entry.getValue().asText())) {
                    mode = candidate;
                }
            }
            if (mode == null) {
                errors.add(RuleError.ofDocument("namespaceModes." + entry.getKey() + " must be monitor or enforce"));
            } else {
                modes.put(entry.getKey(), mode);
            }
        });
        return modes;
    }

    private static String readable(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : String.valueOf(e.getMessage());
    }

    /**
     * One reason a document was refused.
     *
     * @param index   position of the rule in {@code rules}; -1 for the document itself
     * @param ruleId  the rule's id when it could be read
     * @param message what is wrong
     */
    public record RuleError(int index, String ruleId, String message) {

        static RuleError ofDocument(String message) {
            return new RuleError(-1, null, message);
        }
    }

    /**
     * The outcome of {@link #parse}: a rule set, or the errors that refused it.
     *
     * @param ruleSet the set, null when refused
     * @param errors  every error found; empty when accepted
     */
    public record Parsed(RuleSet ruleSet, List<RuleError> errors) {

        public Parsed {
            errors = List.copyOf(errors);
        }

        static Parsed accepted(RuleSet ruleSet) {
            return new Parsed(ruleSet, List.of());
        }

        static Parsed refused(List<RuleError> errors) {
            return new Parsed(null, errors);
        }

        /** True when the document may be installed. */
        public boolean accepted() {
            return ruleSet != null;
        }
    }
}
