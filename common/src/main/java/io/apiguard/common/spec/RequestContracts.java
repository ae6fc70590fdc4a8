package io.apiguard.common.spec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.json.EventJson;

/**
 * Builds the {@link RequestContract} of each operation of one document: parameters merged, local {@code $ref}s
 * inlined, OpenAPI 3.0's schema dialect converted to JSON Schema 2020-12, and {@code readOnly} properties forbidden
 * (a client must not send a server-owned field such as {@code id} or {@code isAdmin}: mass assignment).
 *
 * <p>Only JSON Schema keywords that validate are kept: annotations ({@code description}, {@code example},
 * {@code default}), OpenAPI's own keywords ({@code discriminator}, {@code xml}, {@code externalDocs}) and extensions
 * ({@code x-*}) are dropped, so a contract is small and means the same to every 2020-12 validator. What cannot be
 * resolved here (a remote or dangling {@code $ref}) becomes {@code {}}: unknown, never a violation.
 *
 * <p>Bounded: a recursive schema is unfolded at most {@link #MAX_UNFOLDINGS} times and then cut to {@code {}}; a
 * contract nesting deeper than {@link OpenApiDocuments#MAX_DEPTH} or larger than its byte limit is dropped with the
 * reason; the contracts of one document share a byte budget and a work budget (schema nodes visited, kept or not), so
 * a document cannot make discovery expand references without end. One instance per document read; not thread-safe.
 */
final class RequestContracts {

    /** How often a schema may appear inside itself before the recursion is cut to {@code {}}. */
    static final int MAX_UNFOLDINGS = 2;

    /** OpenAPI: header parameters of these names are ignored (the request body and security describe them). */
    private static final Set<String> IGNORED_HEADERS = Set.of("accept", "content-type", "authorization");

    /** Keywords whose value is one subschema. */
    private static final Set<String> SUBSCHEMA = Set.of(
            "additionalProperties",
            "contains",
            "not",
            "if",
            "then",
            "else",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties");
    /** Keywords whose value is a list of subschemas. */
    private static final Set<String> SUBSCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    /** Keywords whose value maps names to subschemas. */
    private static final Set<String> SUBSCHEMA_MAPS = Set.of("properties", "patternProperties", "dependentSchemas");
    /** Keywords whose value is data, copied as it is. */
    private static final Set<String> VALUES = Set.of(
            "type",
            "enum",
            "const",
            "multipleOf",
            "maximum",
            "minimum",
            "exclusiveMaximum",
            "exclusiveMinimum",
            "maxLength",
            "minLength",
            "pattern",
            "maxItems",
            "minItems",
            "uniqueItems",
            "maxContains",
            "minContains",
            "maxProperties",
            "minProperties",
            "required",
            "dependentRequired",
            "format",
            "readOnly",
            "writeOnly",
            "contentEncoding",
            "contentMediaType");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final boolean openapi30;
    private final int maxContractBytes;
    /** Schema nodes one contract may visit: a serialized node takes at least two bytes. */
    private final long maxContractWork;

    private long bytesLeft;
    private long workLeft;

    /**
     * @param root              the document
     * @param openapi           its {@code openapi} field; {@code 3.0.x} schemas are converted
     * @param maxContractBytes  the largest contract kept, serialized
     * @param maxContractsBytes all contracts of the document together, serialized; also bounds the work (twice as many
     *                          schema nodes visited)
     */
    RequestContracts(JsonNode root, String openapi, int maxContractBytes, int maxContractsBytes) {
        this.root = root;
        this.openapi30 = openapi.startsWith("3.0");
        this.maxContractBytes = maxContractBytes;
        this.maxContractWork = Math.max(1, maxContractBytes / 2);
        this.bytesLeft = maxContractsBytes;
        this.workLeft = 2L * maxContractsBytes;
    }

    /**
     * The contract of one operation, or why there is none.
     *
     * @param contract what a request of the operation may carry; null when dropped
     * @param omitted  why it was dropped (too large, too deep, over the document's budget); null when built
     */
    record Built(RequestContract contract, String omitted) {}

    /** The contract of {@code operation} under a path item declaring {@code pathParameters}. */
    Built build(List<JsonNode> pathParameters, JsonNode operation) {
        if (workLeft <= 0) {
            return new Built(null, "not built: the document's request contracts took all the work allowed");
        }
        Work work = new Work(Math.min(maxContractWork, workLeft));
        RequestContract contract;
        try {
            contract = contract(pathParameters, operation, work);
        } catch (Dropped dropped) {
            return new Built(null, dropped.getMessage());
        } finally {
            workLeft -= work.spent;
        }
        int bytes = bytes(contract);
        if (bytes > maxContractBytes) {
            return new Built(
                    null, "the request contract has " + bytes + " bytes, more than the limit of " + maxContractBytes);
        }
        if (bytes > bytesLeft) {
            return new Built(null, "the document's request contracts exceed their limit in all");
        }
        bytesLeft -= bytes;
        return new Built(contract, null);
    }

    private RequestContract contract(List<JsonNode> pathParameters, JsonNode operation, Work work) {
        Map<String, RequestContract.Parameter> parameters = new LinkedHashMap<>();
        List<JsonNode> declared = new ArrayList<>(pathParameters);
        operation.path("parameters").forEach(declared::add);
        for (JsonNode each : declared) {
            RequestContract.Parameter parameter = parameter(OpenApiDocuments.resolve(root, each), work);
            if (parameter != null) {
                // The operation's come after the path item's: the same name and location replaces it.
                parameters.put(parameterKey(parameter), parameter);
            }
        }
        JsonNode requestBody = OpenApiDocuments.resolve(root, operation.path("requestBody"));
        if (requestBody.isMissingNode() && operation.has("requestBody")) {
            // A body the document names but does not hold (a remote or dangling reference): no contract at all, rather
            // than one that says the operation takes no body.
            throw new Dropped("the request body is a reference this document does not resolve");
        }
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> types =
                        requestBody.path("content").fields();
                types.hasNext(); ) {
            Map.Entry<String, JsonNode> type = types.next();
            String mediaType = mediaType(type.getKey());
            if (!mediaType.isEmpty() && !bodies.containsKey(mediaType)) {
                JsonNode schema = type.getValue().get("schema");
                bodies.put(
                        mediaType, schema == null ? NODES.objectNode() : schema(schema, 0, new ArrayDeque<>(), work));
            }
        }
        return new RequestContract(
                new ArrayList<>(parameters.values()),
                requestBody.path("required").asBoolean(false),
                bodies);
    }

    private RequestContract.Parameter parameter(JsonNode declared, Work work) {
        String name = declared.path("name").asText("");
        RequestContract.ParameterLocation in = location(declared.path("in").asText(""));
        if (name.isBlank() || in == null) {
            return null; // not a parameter a request can carry; a validator has nothing to check
        }
        if (in == RequestContract.ParameterLocation.HEADER && IGNORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return null;
        }
        JsonNode schema = declared.get("schema");
        if (schema == null) {
            // A parameter may give its schema under one media type (content) instead.
            Iterator<JsonNode> content = declared.path("content").elements();
            schema = content.hasNext() ? content.next().get("schema") : null;
        }
        return new RequestContract.Parameter(
                name,
                in,
                in == RequestContract.ParameterLocation.PATH
                        || declared.path("required").asBoolean(false),
                schema == null ? NODES.objectNode() : schema(schema, 0, new ArrayDeque<>(), work));
    }

    /** One schema, standalone: references inlined, 3.0 converted, only validating keywords kept. */
    private JsonNode schema(JsonNode node, int depth, Deque<String> unfolding, Work work) {
        work.spend(1);
        if (node.isBoolean()) {
            return BooleanNode.valueOf(node.asBoolean()); // 3.1: true and false are schemas
        }
        if (!node.isObject()) {
            return NODES.objectNode();
        }
        if (depth > OpenApiDocuments.MAX_DEPTH) {
            throw new Dropped("the request contract nests deeper than " + OpenApiDocuments.MAX_DEPTH + " levels");
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
            JsonNode inlined = reference(ref.asText(), depth, unfolding, work);
            // 3.0 ignores whatever stands beside a $ref; 3.1 applies both.
            if (openapi30 || node.size() == 1) {
                return inlined;
            }
            ObjectNode siblings = object(node, depth, unfolding, work);
            ArrayNode allOf = siblings.has("allOf") ? (ArrayNode) siblings.get("allOf") : siblings.putArray("allOf");
            allOf.insert(0, inlined);
            return siblings;
        }
        return object(node, depth, unfolding, work);
    }

    private JsonNode reference(String ref, int depth, Deque<String> unfolding, Work work) {
        if (!ref.startsWith("#/")) {
            return NODES.objectNode(); // remote and file references are not fetched: unknown, not a violation
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            return NODES.objectNode();
        }
        long unfolded = unfolding.stream().filter(ref::equals).count();
        if (unfolded >= MAX_UNFOLDINGS || (unfolded > 0 && depth > OpenApiDocuments.MAX_DEPTH / 2)) {
            return NODES.objectNode(); // recursion cut: deeper levels accept anything
        }
        unfolding.push(ref);
        try {
            return schema(target, depth, unfolding, work);
        } finally {
            unfolding.pop();
        }
    }

    private ObjectNode object(JsonNode node, int depth, Deque<String> unfolding, Work work) {
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (SUBSCHEMA.contains(keyword)) {
                out.set(keyword, schema(value, depth + 1, unfolding, work));
            } else if (keyword.equals("items")) {
                if (value.isArray()) { // a tuple in the style of draft 4: 2020-12 calls it prefixItems
                    out.set("prefixItems", schemas(value, depth, unfolding, work));
                } else {
                    out.set("items", schema(value, depth + 1, unfolding, work));
                }
            } else if (SUBSCHEMA_LISTS.contains(keyword) && value.isArray()) {
                out.set(keyword, schemas(value, depth, unfolding, work));
            } else if (SUBSCHEMA_MAPS.contains(keyword) && value.isObject()) {
                ObjectNode map = out.putObject(keyword);
                value.fields()
                        .forEachRemaining(
                                entry -> map.set(entry.getKey(), schema(entry.getValue(), depth + 1, unfolding, work)));
            } else if (VALUES.contains(keyword)) {
                work.spend(size(value));
                out.set(keyword, value.deepCopy());
            }
        }
        exclusiveBound(out, "exclusiveMinimum", "minimum");
        exclusiveBound(out, "exclusiveMaximum", "maximum");
        if (openapi30 && node.path("nullable").asBoolean(false) && out.has("type")) {
            nullable(out);
        }
        forbidReadOnly(out);
        return out;
    }

    private ArrayNode schemas(JsonNode list, int depth, Deque<String> unfolding, Work work) {
        ArrayNode out = NODES.arrayNode();
        list.forEach(member -> out.add(schema(member, depth + 1, unfolding, work)));
        return out;
    }

    /** 3.0's {@code exclusiveMinimum: true} beside {@code minimum: n} is 2020-12's {@code exclusiveMinimum: n}. */
    private static void exclusiveBound(ObjectNode schema, String exclusive, String inclusive) {
        JsonNode flag = schema.get(exclusive);
        if (flag == null || !flag.isBoolean()) {
            return;
        }
        schema.remove(exclusive);
        if (flag.asBoolean()
                && schema.get(inclusive) != null
                && schema.get(inclusive).isNumber()) {
            schema.set(exclusive, schema.remove(inclusive));
        }
    }

    /** 3.0's {@code nullable: true} is a {@code null} among the types. */
    private static void nullable(ObjectNode schema) {
        JsonNode type = schema.get("type");
        ArrayNode types = NODES.arrayNode();
        if (type.isArray()) {
            type.forEach(types::add);
        } else {
            types.add(type);
        }
        for (JsonNode each : types) {
            if ("null".equals(each.asText())) {
                return;
            }
        }
        types.add("null");
        schema.set("type", types);
    }

    /**
     * A property the server owns ({@code readOnly: true}) must not be sent: in a request it is forbidden (the
     * {@code false} schema) and no longer required (OpenAPI: required read-only properties apply to responses only).
     */
    private static void forbidReadOnly(ObjectNode schema) {
        JsonNode properties = schema.get("properties");
        if (properties == null || !properties.isObject()) {
            return;
        }
        List<String> readOnly = new ArrayList<>();
        properties.fields().forEachRemaining(property -> {
            if (readOnly(property.getValue())) {
                readOnly.add(property.getKey());
            }
        });
        if (readOnly.isEmpty()) {
            return;
        }
        readOnly.forEach(name -> ((ObjectNode) properties).set(name, BooleanNode.FALSE));
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            ArrayNode kept = NODES.arrayNode();
            required.forEach(name -> {
                if (!readOnly.contains(name.asText())) {
                    kept.add(name);
                }
            });
            schema.set("required", kept);
        }
    }

    /** Marked read-only itself or by a member of its {@code allOf} (annotations of every member apply). */
    private static boolean readOnly(JsonNode schema) {
        if (schema.path("readOnly").asBoolean(false)) {
            return true;
        }
        for (JsonNode member : schema.path("allOf")) {
            if (member.path("readOnly").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static String parameterKey(RequestContract.Parameter parameter) {
        String name = parameter.in() == RequestContract.ParameterLocation.HEADER
                ? parameter.name().toLowerCase(Locale.ROOT)
                : parameter.name();
        return parameter.in().wire() + ":" + name;
    }

    private static RequestContract.ParameterLocation location(String in) {
        for (RequestContract.ParameterLocation location : RequestContract.ParameterLocation.values()) {
            if (location.wire().equals(in)) {
                return location;
            }
        }
        return null;
    }

    /** {@code Application/JSON; charset=utf-8} is {@code application/json}. */
    static String mediaType(String declared) {
        int semicolon = declared.indexOf(';');
        return (semicolon < 0 ? declared : declared.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static long size(JsonNode value) {
        if (!value.isContainerNode()) {
            return 1;
        }
        long size = 1;
        for (JsonNode child : value) {
            size += size(child);
        }
        return size;
    }

    private static int bytes(RequestContract contract) {
        try {
            return EventJson.mapper().writeValueAsBytes(contract).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a contract of JSON nodes always serializes", e);
        }
    }

    /** Schema nodes one contract may still visit. */
    private final class Work {

        private final long limit;
        private long spent;

        Work(long limit) {
            this.limit = limit;
        }

        void spend(long nodes) {
            spent += nodes;
            if (spent > limit) {
                throw new Dropped(
                        limit < maxContractWork
                                ? "not built: the document's request contracts took all the work allowed"
                                : "the request contract is larger than the limit of " + maxContractBytes + " bytes");
            }
        }
    }

    /** Why a contract is dropped; thrown out of the walk, without a stack trace (it is an outcome, not a fault). */
    private static final class Dropped extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Dropped(String reason) {
            super(reason, null, false, false);
        }
    }
}
