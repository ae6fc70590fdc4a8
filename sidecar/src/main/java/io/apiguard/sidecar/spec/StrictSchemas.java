package io.apiguard.sidecar.spec;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Closes a write body's schema: every object schema that declares properties and says nothing of others gets
 * {@code additionalProperties: false} (or {@code unevaluatedProperties: false} where {@code allOf}, {@code anyOf},
 * {@code oneOf} or {@code if} compose it, since a sibling branch's properties must count as declared), so a property
 * the spec does not declare (mass assignment: {@code isAdmin} on a sign-up) is refused even where the spec forgot to
 * forbid it. An object schema without declared properties is a free-form map and stays open, as does one that already
 * says what it allows. Branches of a composition are not closed themselves: the object that composes them is.
 */
final class StrictSchemas {

    private static final String[] COMPOSITIONS = {"allOf", "anyOf", "oneOf"};
    private static final String[] CONDITIONALS = {"if", "then", "else"};

    private StrictSchemas() {}

    /** A closed copy of {@code schema}; {@code schema} is left as it was. */
    static JsonNode close(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        if (copy instanceof ObjectNode object) {
            close(object, false);
        }
        return copy;
    }

    private static void close(ObjectNode schema, boolean branch) {
        if (!branch
                && declaresProperties(schema)
                && !schema.has("additionalProperties")
                && !schema.has("unevaluatedProperties")) {
            schema.set(composed(schema) ? "unevaluatedProperties" : "additionalProperties", BooleanNode.FALSE);
        }
        eachValue(schema.get("properties"), false);
        eachValue(schema.get("patternProperties"), false);
        one(schema.get("additionalProperties"), false);
        one(schema.get("items"), false);
        each(schema.get("prefixItems"), false);
        for (String composition : COMPOSITIONS) {
            each(schema.get(composition), true);
        }
        for (String conditional : CONDITIONALS) {
            one(schema.get(conditional), true);
        }
    }

    /** Whether the object itself, or a branch composing it, declares properties. */
    private static boolean declaresProperties(JsonNode schema) {
        if (schema.has("properties") || schema.has("patternProperties")) {
            return true;
        }
        for (String composition : COMPOSITIONS) {
            JsonNode branches = schema.get(composition);
            if (branches != null && branches.isArray()) {
                for (JsonNode branch : branches) {
                    if (branch.isObject() && declaresProperties(branch)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean composed(JsonNode schema) {
        for (String composition : COMPOSITIONS) {
            if (schema.has(composition)) {
                return true;
            }
        }
        return schema.has("if") || schema.has("dependentSchemas") || schema.has("$ref");
    }

    private static void eachValue(JsonNode schemas, boolean branch) {
        if (schemas != null && schemas.isObject()) {
            for (Map.Entry<String, JsonNode> entry : schemas.properties()) {
                one(entry.getValue(), branch);
            }
        }
    }

    private static void each(JsonNode schemas, boolean branch) {
        if (schemas != null && schemas.isArray()) {
            for (JsonNode schema : schemas) {
                one(schema, branch);
            }
        }
    }

    private static void one(JsonNode schema, boolean branch) {
        if (schema instanceof ObjectNode object) {
            close(object, branch);
        }
    }
}
