package io.apiguard.common.spec;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads OpenAPI 3.0 and 3.1 documents (YAML or JSON) into {@link SpecFacts}: the one place apiguard parses specs.
 *
 * <p>Jackson's YAML reader and this small walk, rather than swagger-parser: apiguard needs a handful of facts, not a
 * full model, and only local {@code $ref}s ({@code #/components/...}); swagger-parser would bring swagger-core, its
 * own Jackson modules and remote reference fetching, which discovery must not do on an operator's behalf. Remote and
 * file references are not followed: what they point to counts as unknown (never as a violation).
 *
 * <p>Bounded: the document's size is checked before parsing, SnakeYAML's code point and alias limits refuse
 * oversized or "billion laughs" input, and schema walks stop at a fixed depth and on reference cycles. Thread-safe.
 */
public final class OpenApiDocuments {

    /** Unbounded inputs listed per operation, so one sloppy schema cannot swell the inventory event. */
    public static final int MAX_UNBOUNDED_INPUTS = 10;

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /**
     * How deep schema walks go: a request contract nesting deeper is dropped, and reference chains longer than this
     * resolve to nothing.
     */
    public static final int MAX_DEPTH = 12;
    /** The largest request contract kept for one operation, serialized; larger ones are dropped with the reason. */
    public static final int DEFAULT_MAX_CONTRACT_BYTES = 64 * 1024;
    /**
     * All request contracts of one document together, serialized: they travel in one inventory event (Kafka's default
     * limit is 1 MiB), and operations beyond the budget go without a contract, with the reason.
     */
    public static final int DEFAULT_MAX_CONTRACTS_BYTES = 512 * 1024;

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final int MAX_ALIASES = 50;
    /** Schema nodes one operation's walk for unbounded inputs visits at most. */
    private static final int MAX_WALK_VISITS = 10_000;

    private final int maxBytes;
    private final int maxContractBytes;
    private final int maxContractsBytes;
    private final ObjectMapper yaml;

    /** @param maxBytes documents larger than this (in UTF-8 bytes) are refused unread */
    public OpenApiDocuments(int maxBytes) {
        this(maxBytes, DEFAULT_MAX_CONTRACT_BYTES, DEFAULT_MAX_CONTRACTS_BYTES);
    }

    /**
     * @param maxBytes          documents larger than this (in UTF-8 bytes) are refused unread
     * @param maxContractBytes  an operation's request contract larger than this (serialized) is dropped
     * @param maxContractsBytes the request contracts of one document together stay within this (serialized)
     */
    public OpenApiDocuments(int maxBytes, int maxContractBytes, int maxContractsBytes) {
        this.maxBytes = maxBytes;
        this.maxContractBytes = maxContractBytes;
        this.maxContractsBytes = maxContractsBytes;
        LoaderOptions limits = new LoaderOptions();
        limits.setCodePointLimit(maxBytes);
        limits.setMaxAliasesForCollections(MAX_ALIASES);
        limits.setAllowDuplicateKeys(false);
        this.yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(limits).build());
    }

    /** The facts of {@code document}; throws with the reason when it is too large or not OpenAPI 3.0/3.1. */
    public SpecFacts read(String document) throws SpecException {
        int bytes = document.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new SpecException("the document has " + bytes + " bytes, more than the limit of " + maxBytes);
        }
        JsonNode root;
        try {
            root = yaml.readTree(document);
        } catch (JsonProcessingException e) {
            throw new SpecException("the document is neither YAML nor JSON: " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new SpecException("the document is not an object");
        }
        String openapi = root.path("openapi").asText("");
        if (!openapi.startsWith("3.0") && !openapi.startsWith("3.1")) {
            throw new SpecException(
                    root.has("swagger")
                            ? "Swagger 2.0 is not supported; convert the document to OpenAPI 3"
                            : "not an OpenAPI 3.0 or 3.1 document (openapi: '" + oneLine(openapi) + "')");
        }
        JsonNode info = root.path("info");
        if (!info.path("title").isTextual() || !info.path("version").isTextual()) {
            throw new SpecException("info.title and info.version are required");
        }
        return new SpecFacts(
                openapi,
                info.path("title").asText(),
                info.path("version").asText(),
                operations(
                        root,
                        serverPrefix(root),
                        new RequestContracts(root, openapi, maxContractBytes, maxContractsBytes)));
    }

    private List<SpecFacts.OperationFacts> operations(JsonNode root, String prefix, RequestContracts contracts) {
        List<SpecFacts.OperationFacts> operations = new ArrayList<>();
        JsonNode rootSecurity = root.get("security");
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode item = resolve(root, path.getValue());
            List<JsonNode> pathParameters = list(item.get("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> ops = item.fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey()) || !op.getValue().isObject()) {
                    continue;
                }
                String method = op.getKey().toUpperCase(Locale.ROOT);
                JsonNode operation = op.getValue();
                JsonNode security = operation.has("security") ? operation.get("security") : rootSecurity;
                Set<String> unbounded = new LinkedHashSet<>();
                Walk walk = new Walk();
                List<JsonNode> parameters = new ArrayList<>(pathParameters);
                parameters.addAll(list(operation.get("parameters")));
                for (JsonNode parameter : parameters) {
                    JsonNode resolved = resolve(root, parameter);
                    String in = resolved.path("in").asText("param");
                    if (!in.equals("cookie")) {
                        collectUnbounded(
                                root,
                                resolved.path("schema"),
                                in + "." + resolved.path("name").asText("?"),
                                unbounded,
                                walk,
                                0);
                    }
                }
                JsonNode body = bodySchema(root, operation);
                if (body != null) {
                    collectUnbounded(root, body, "body", unbounded, walk, 0);
                }
                RequestContracts.Built contract = contracts.build(pathParameters, operation);
                operations.add(new SpecFacts.OperationFacts(
                        method,
                        join(prefix, path.getKey()),
                        operation.path("operationId").isTextual()
                                ? operation.get("operationId").asText()
                                : null,
                        secured(security),
                        unbounded.stream().limit(MAX_UNBOUNDED_INPUTS).toList(),
                        WRITE_METHODS.contains(method) && body != null && openObject(root, body),
                        contract.contract(),
                        contract.omitted()));
            }
        }
        return operations;
    }

    /** The JSON (else first) request body schema; null when the operation takes no body. */
    private JsonNode bodySchema(JsonNode root, JsonNode operation) {
        JsonNode content = resolve(root, operation.path("requestBody")).path("content");
        if (!content.isObject() || content.isEmpty()) {
            return null;
        }
        JsonNode media = null;
        for (Iterator<Map.Entry<String, JsonNode>> types = content.fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> type = types.next();
            if (media == null || type.getKey().contains("json")) {
                media = type.getValue();
                if (type.getKey().contains("json")) {
                    break;
                }
            }
        }
        // Unresolved: the walk records a top-level $ref, so a recursive schema is walked once.
        return media == null ? null : media.get("schema");
    }

    /**
     * One operation's walk for unbounded inputs: the references on the way in (a cycle is walked once) and the schema
     * nodes it may still visit, because references that fan out (each schema naming the next several times) multiply
     * without any cycle: 4 references a level, 10 levels deep, are a million nodes from a document of 1 KB.
     */
    private static final class Walk {
        final Set<String> refs = new HashSet<>();
        int visitsLeft = MAX_WALK_VISITS;
    }

    private void collectUnbounded(
            JsonNode root, JsonNode schemaOrRef, String where, Set<String> out, Walk walk, int depth) {
        if (depth > MAX_DEPTH
                || out.size() >= MAX_UNBOUNDED_INPUTS
                || !schemaOrRef.isObject()
                || walk.visitsLeft-- <= 0) {
            return;
        }
        Set<String> refs = walk.refs;
        String ref = schemaOrRef.path("$ref").asText(null);
        if (ref != null && !refs.add(ref)) {
            return; // a recursive schema: its properties were walked on the way in
        }
        JsonNode schema = resolve(root, schemaOrRef);
        if (schema.has("enum") || schema.has("const")) {
            return;
        }
        if (hasType(schema, "string") && !schema.has("maxLength") && !schema.has("pattern")) {
            out.add(where);
        }
        if (hasType(schema, "array")) {
            if (!schema.has("maxItems")) {
                out.add(where + "[]");
            }
            collectUnbounded(root, schema.path("items"), where + "[]", out, walk, depth + 1);
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties =
                        schema.path("properties").fields();
                properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            collectUnbounded(root, property.getValue(), where + "." + property.getKey(), out, walk, depth + 1);
        }
        for (String composition : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode member : list(schema.get(composition))) {
                collectUnbounded(root, member, where, out, walk, depth + 1);
            }
        }
        if (ref != null) {
            refs.remove(ref);
        }
    }

    /** An object schema that accepts properties it does not declare (no {@code additionalProperties: false}). */
    private boolean openObject(JsonNode root, JsonNode schemaOrRef) {
        JsonNode schema = resolve(root, schemaOrRef);
        boolean object = hasType(schema, "object") || schema.has("properties");
        List<JsonNode> members = list(schema.get("allOf"));
        if (!object && members.isEmpty()) {
            return false;
        }
        if (closed(schema)) {
            return false;
        }
        // allOf: closed when a member closes it (3.1's unevaluatedProperties, or a closed member carrying every
        // property).
        return members.stream().map(member -> resolve(root, member)).noneMatch(OpenApiDocuments::closed);
    }

    private static boolean closed(JsonNode schema) {
        JsonNode additional = schema.get("additionalProperties");
        JsonNode unevaluated = schema.get("unevaluatedProperties");
        return (additional != null && additional.isBoolean() && !additional.asBoolean())
                || (unevaluated != null && unevaluated.isBoolean() && !unevaluated.asBoolean());
    }

    /** A requirement applies unless it is absent, empty, or offers {@code {}} (anonymous access). */
    private static boolean secured(JsonNode security) {
        if (security == null || !security.isArray() || security.isEmpty()) {
            return false;
        }
        for (JsonNode requirement : security) {
            if (!requirement.isObject() || requirement.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasType(JsonNode schema, String type) {
        JsonNode declared = schema.get("type");
        if (declared == null) {
            return false;
        }
        if (declared.isArray()) { // 3.1: type: [string, "null"]
            for (JsonNode each : declared) {
                if (type.equals(each.asText())) {
                    return true;
                }
            }
            return false;
        }
        return type.equals(declared.asText());
    }

    /** Follows local {@code #/...} references (a bounded chain); anything else resolves to itself. */
    static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode current = node == null ? MissingNode.getInstance() : node;
        for (int hops = 0; hops < MAX_DEPTH && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText("");
            if (!ref.startsWith("#/")) {
                return MissingNode.getInstance(); // remote references are not fetched: unknown, not a violation
            }
            current = root.at(ref.substring(1));
        }
        return current;
    }

    /** The path of the first server's URL ({@code https://api.example/v1} gives {@code /v1}); empty when none. */
    private static String serverPrefix(JsonNode root) {
        String url = root.path("servers").path(0).path("url").asText("");
        if (url.isEmpty() || url.contains("{")) {
            return "";
        }
        try {
            String path = URI.create(url).getPath();
            return path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String join(String prefix, String path) {
        String joined = prefix + (path.startsWith("/") ? path : "/" + path);
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(values::add);
        }
        return values;
    }

    private static String oneLine(String message) {
        String line = message == null ? "" : message.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
