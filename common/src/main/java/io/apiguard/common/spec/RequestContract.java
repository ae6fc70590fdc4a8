package io.apiguard.common.spec;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.WireValue;

/**
 * What an operation's spec allows a request to carry: the positive model the sidecar checks each call of that
 * operation against. Every schema stands alone: the document's {@code $ref}s are inlined (a recursive schema is cut
 * at a bounded depth to {@code {}}), and OpenAPI 3.0's dialect is converted to JSON Schema 2020-12 ({@code nullable:
 * true} becomes a {@code null} type, {@code exclusiveMinimum: true} a number), so one validator dialect serves both
 * 3.0 and 3.1 documents.
 *
 * @param parameters   the declared parameters, the path item's and the operation's merged (the operation's win)
 * @param bodyRequired whether the spec requires a request body ({@code requestBody.required})
 * @param bodies       media type (lower-case, without parameters: {@code application/json},
 *                     {@code application/x-www-form-urlencoded}) to the schema of its body; empty when the operation
 *                     declares no request body. Sorted by media type, so the rule set's hash is stable.
 */
public record RequestContract(List<Parameter> parameters, boolean bodyRequired, Map<String, JsonNode> bodies) {

    public RequestContract {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        bodies = bodies == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(bodies));
    }

    /** Whether the operation declares a request body at all. */
    public boolean takesBody() {
        return !bodies.isEmpty();
    }

    /**
     * One declared parameter.
     *
     * @param name     as declared; header names compare case-insensitively
     * @param in       where it travels
     * @param required whether a call must carry it (path parameters always are)
     * @param schema   its schema (standalone, as above); an empty object when the spec gives none
     */
    public record Parameter(String name, ParameterLocation in, boolean required, JsonNode schema) {

        public Parameter {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("parameter.name is required");
            }
            if (in == null) {
                throw new IllegalArgumentException("parameter.in is required");
            }
        }
    }

    /** Where a parameter travels: OpenAPI's {@code in}. */
    public enum ParameterLocation implements WireValue {
        PATH("path"),
        QUERY("query"),
        HEADER("header"),
        COOKIE("cookie");

        private final String wire;

        ParameterLocation(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }
}
