package io.apiguard.sidecar.spec;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.ValidationLimitExceededException;

import io.apiguard.common.inspect.RequestContent;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecCheck;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One declared operation's {@link RequestContract}, compiled: its parameters' and bodies' schemas ready to validate,
 * path parameters by segment position, bodies by media type. {@link #check} runs the checks in a fixed order (path,
 * query, headers, cookies, content type, body) and stops adding once the call's bound of violations is reached.
 *
 * <p>Immutable and thread-safe; built once per rule set (never on an event loop). A check parses what it must of the
 * call (the query and cookies only when the operation declares some, the body once) and allocates nothing for a
 * parameter whose schema allows any string.
 */
final class OperationValidator {

    /** An operation whose contract did not compile: declared, but nothing of it is checked. */
    static final OperationValidator UNCHECKED = new OperationValidator();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");
    /** OpenAPI: header parameters of these names are ignored (the media type and security schemes say them). */
    private static final Set<String> IGNORED_HEADERS = Set.of("accept", "content-type", "authorization");

    private final Param[] path;
    private final Param[] query;
    private final Param[] headers;
    private final Param[] cookies;
    private final boolean bodyRequired;
    private final Body[] bodies;
    private final Consumer<ExecutionContext> execution;

    private OperationValidator() {
        this.path = new Param[0];
        this.query = path;
        this.headers = path;
        this.cookies = path;
        this.bodyRequired = false;
        this.bodies = null;
        this.execution = Schemas.FOR_READS;
    }

    private OperationValidator(
            Param[] path,
            Param[] query,
            Param[] headers,
            Param[] cookies,
            boolean bodyRequired,
            Body[] bodies,
            Consumer<ExecutionContext> execution) {
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.cookies = cookies;
        this.bodyRequired = bodyRequired;
        this.bodies = bodies;
        this.execution = execution;
    }

    /**
     * Compiles an operation's contract.
     *
     * @param method       the operation's method (upper-case), which decides whether its bodies are writes
     * @param template     its path template, for the position of each path parameter
     * @param contract     what the spec lets its requests carry
     * @param strictWrites close write bodies' schemas to undeclared properties ({@link StrictSchemas})
     * @throws RuntimeException when a schema does not compile
     */
    static OperationValidator compile(String method, String template, RequestContract contract, boolean strictWrites) {
        List<Param> path = new ArrayList<>();
        List<Param> query = new ArrayList<>();
        List<Param> headers = new ArrayList<>();
        List<Param> cookies = new ArrayList<>();
        for (RequestContract.Parameter parameter : contract.parameters()) {
            JsonNode schema = parameter.schema() == null ? NODES.objectNode() : Schemas.tree(parameter.schema());
            switch (parameter.in()) {
                case PATH -> {
                    int segment = segmentOf(template, parameter.name());
                    if (segment > 0) {
                        path.add(Param.of(parameter.name(), true, schema, segment));
                    }
                }
                case QUERY -> query.add(Param.of(parameter.name(), parameter.required(), schema, 0));
                case HEADER -> {
                    String name = parameter.name().toLowerCase(Locale.ROOT);
                    if (!IGNORED_HEADERS.contains(name)) {
                        headers.add(Param.of(name, parameter.required(), schema, 0));
                    }
                }
                case COOKIE -> cookies.add(Param.of(parameter.name(), parameter.required(), schema, 0));
            }
        }
        boolean write = method != null && WRITES.contains(method);
        Body[] bodies = contract.bodies().entrySet().stream()
                .map(entry -> Body.of(entry.getKey(), Schemas.tree(entry.getValue()), write && strictWrites))
                .toArray(Body[]::new);
        return new OperationValidator(
                path.toArray(Param[]::new),
                query.toArray(Param[]::new),
                headers.toArray(Param[]::new),
                cookies.toArray(Param[]::new),
                contract.bodyRequired(),
                bodies,
                write ? Schemas.FOR_WRITES : Schemas.FOR_READS);
    }

    /**
     * Checks one call of this operation, adding what it breaks to {@code out}.
     *
     * @param path     the request path as received (percent-encoded), which fits the operation's template
     * @param rawQuery the query string as received, or null
     * @param content  the headers and body the proxy read
     */
    void check(String path, String rawQuery, RequestContent content, Violations out) {
        if (this == UNCHECKED) {
            return;
        }
        for (Param param : this.path) {
            String value = segment(path, param.segment);
            param.check(value == null ? List.of() : List.of(decode(value, false)), "path.", false, out);
        }
        if (query.length > 0) {
            Map<String, List<String>> pairs = pairs(rawQuery, '&', true);
            for (Param param : query) {
                param.check(pairs.getOrDefault(param.name, List.of()), "query.", true, out);
            }
        }
        for (Param param : headers) {
            param.check(content.header(param.name), "header.", false, out);
        }
        if (cookies.length > 0) {
            Map<String, List<String>> jar = cookies(content.header("cookie"));
            for (Param param : cookies) {
                param.check(jar.getOrDefault(param.name, List.of()), "cookie.", false, out);
            }
        }
        if (!out.full()) {
            body(content, out);
        }
    }

    private void body(RequestContent content, Violations out) {
        boolean present = content.hasBody() || content.bodyOverLimit() || content.bodyBytes() > 0;
        if (!present) {
            if (bodyRequired) {
                out.add(SpecCheck.MISSING_BODY, "body", "the operation requires a request body");
            }
            return;
        }
        if (bodies.length == 0) {
            out.add(SpecCheck.UNSUPPORTED_MEDIA_TYPE, "header.content-type", "the operation takes no request body");
            return;
        }
        String mediaType = mediaType(content.contentType());
        Body body = mediaType == null ? null : match(mediaType);
        if (body == null) {
            out.add(
                    SpecCheck.UNSUPPORTED_MEDIA_TYPE,
                    "header.content-type",
                    mediaType == null
                            ? "the body has no content type"
                            : "the content type is none of the operation's request bodies");
            return;
        }
        if (content.bodyOverLimit() || !content.hasBody() || body.schema == null) {
            return; // over the inspection bound: streamed through unchecked, and counted as such by the proxy
        }
        JsonNode instance;
        if (body.form) {
            instance = form(content.body(), body.tree);
        } else {
            try {
                instance = Schemas.JSON.readTree(content.body());
            } catch (JacksonException e) {
                out.add(SpecCheck.MALFORMED_BODY, "body", "the body is not one well-formed JSON document");
                return;
            }
            if (instance == null || instance.isMissingNode()) {
                out.add(SpecCheck.MALFORMED_BODY, "body", "the body is not one well-formed JSON document");
                return;
            }
        }
        validate(body.schema, instance, "body", SpecCheck.INVALID_BODY, out);
    }

    private Body match(String mediaType) {
        Body wildcard = null;
        for (Body body : bodies) {
            if (body.mediaType.equals(mediaType)) {
                return body;
            }
            if (wildcard == null && body.covers(mediaType)) {
                wildcard = body;
            }
        }
        return wildcard;
    }

    /** Validates {@code instance}, adding each error as a violation at {@code prefix} plus its JSON pointer. */
    private void validate(Schema schema, JsonNode instance, String prefix, SpecCheck check, Violations out) {
        List<Error> errors;
        try {
            errors = schema.validate(instance, execution);
        } catch (ValidationLimitExceededException e) {
            out.add(check, prefix, "too deep or too large to check against its schema");
            return;
        }
        for (Error error : errors) {
            if (out.full()) {
                return;
            }
            String keyword = error.getKeyword();
            String pointer = error.getInstanceLocation() == null
                    ? ""
                    : error.getInstanceLocation().toString();
            boolean unknown = "additionalProperties".equals(keyword) || "unevaluatedProperties".equals(keyword);
            String property = error.getProperty();
            if (property != null
                    && (unknown || "required".equals(keyword))
                    && !pointer.endsWith("/" + escape(property))) {
                pointer = pointer + "/" + escape(property);
            }
            if (unknown && check == SpecCheck.INVALID_BODY) {
                out.add(SpecCheck.UNKNOWN_PROPERTY, prefix + pointer, "the schema declares no such property");
            } else {
                out.add(check, prefix + pointer, reason(keyword, error.getMessage()));
            }
        }
    }

    /** The validator's message without the instance location it starts with. */
    private static String reason(String keyword, String message) {
        if (message == null) {
            return keyword;
        }
        int colon = message.indexOf(": ");
        String text = colon >= 0 && colon < 64 && message.startsWith("/") || message.startsWith(": ")
                ? message.substring(colon + 2)
                : message;
        return keyword == null ? text : keyword + ": " + text;
    }

    private static String escape(String name) {
        return name.indexOf('~') < 0 && name.indexOf('/') < 0
                ? name
                : name.replace("~", "~0").replace("/", "~1");
    }

    /** A form body as a JSON object, each field's values read as its property's schema types them. */
    private static JsonNode form(byte[] body, JsonNode schema) {
        Map<String, List<String>> fields = pairs(new String(body, StandardCharsets.UTF_8), '&', true);
        ObjectNode object = NODES.objectNode();
        JsonNode properties = schema.get("properties");
        fields.forEach((name, values) -> {
            JsonNode property = properties == null ? null : properties.get(name);
            object.set(name, Param.value(property == null ? NODES.objectNode() : property, values));
        });
        return object;
    }

    /** {@code Content-Type} without parameters, lower-case; null when absent or blank. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    /** The {@code segment}-th segment of {@code path} (1 is the one after the first slash); null when it has none. */
    static String segment(String path, int segment) {
        int start = -1;
        int seen = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                seen++;
                if (seen == segment) {
                    start = i + 1;
                } else if (seen == segment + 1) {
                    return path.substring(start, i);
                }
            }
        }
        return start < 0 ? null : path.substring(start);
    }

    /** The segment position of {@code {name}} in {@code template}; 0 when it is not there. */
    static int segmentOf(String template, String name) {
        String[] segments = template.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{" + name + "}")) {
                return i;
            }
        }
        return 0;
    }

    /** {@code name=value} pairs separated by {@code separator}, percent-decoded; names keep their first spelling. */
    static Map<String, List<String>> pairs(String text, char separator, boolean plusIsSpace) {
        if (text == null || text.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> pairs = new HashMap<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(separator, start);
            end = end < 0 ? text.length() : end;
            if (end > start) {
                String pair = text.substring(start, end);
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), plusIsSpace);
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), plusIsSpace);
                pairs.computeIfAbsent(name.trim(), key -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return pairs;
    }

    private static Map<String, List<String>> cookies(List<String> headers) {
        if (headers.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> jar = new HashMap<>();
        for (String header : headers) {
            pairs(header, ';', false)
                    .forEach((name, values) ->
                            jar.computeIfAbsent(name, key -> new ArrayList<>(1)).addAll(values));
        }
        return jar;
    }

    /** Percent-decodes {@code text}; a malformed escape leaves it as received (its schema then judges it). */
    static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        try {
            return URLDecoder.decode(plusIsSpace ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /**
     * One declared parameter.
     *
     * @param name    as declared (header names lower-case)
     * @param segment a path parameter's segment position
     * @param schema  compiled; null when it allows any string, so nothing is validated
     * @param tree    its schema, for the types its values are read as
     */
    private record Param(String name, boolean required, int segment, Schema schema, JsonNode tree, boolean object) {

        static Param of(String name, boolean required, JsonNode schema, int segment) {
            boolean open = schema.isEmpty()
                    || (schema.size() == 1
                            && "string".equals(schema.path("type").asString(null)));
            boolean object = types(schema).contains("object");
            return new Param(name, required, segment, open || object ? null : Schemas.compile(schema), schema, object);
        }

        void check(List<String> values, String where, boolean repeatable, Violations out) {
            if (out.full()) {
                return;
            }
            if (values.isEmpty()) {
                if (required) {
                    out.add(SpecCheck.MISSING_PARAMETER, where + name, "a required parameter is missing");
                }
                return;
            }
            if (schema == null) {
                return; // any string, or an object (deepObject, content) whose encoding is not checked
            }
            JsonNode value = value(tree, repeatable ? values : values.subList(0, 1));
            List<Error> errors = schema.validate(value, Schemas.FOR_READS);
            if (!errors.isEmpty()) {
                Error error = errors.get(0);
                out.add(SpecCheck.INVALID_PARAMETER, where + name, reason(error.getKeyword(), error.getMessage()));
            }
        }

        /** A parameter's text as its schema types it: numbers, booleans, arrays (repeated or comma-separated). */
        static JsonNode value(JsonNode schema, List<String> values) {
            List<String> types = types(schema);
            if (types.contains("array")) {
                JsonNode items = schema.path("items");
                List<String> elements =
                        values.size() == 1 ? List.of(values.get(0).split(",", -1)) : values;
                ArrayNode array = NODES.arrayNode(elements.size());
                for (String element : elements) {
                    array.add(scalar(types(items), element));
                }
                return array;
            }
            return scalar(types, values.get(0));
        }

        private static JsonNode scalar(List<String> types, String text) {
            if ((types.contains("integer") || types.contains("number")) && text.length() <= 64) {
                try {
                    return NODES.numberNode(Long.parseLong(text));
                } catch (NumberFormatException notLong) {
                    try {
                        return NODES.numberNode(new BigDecimal(text));
                    } catch (NumberFormatException notNumber) {
                        // a string, which the schema's type refuses
                    }
                }
            }
            if (types.contains("boolean") && ("true".equals(text) || "false".equals(text))) {
                return NODES.booleanNode(Boolean.parseBoolean(text));
            }
            return NODES.stringNode(text);
        }

        private static List<String> types(JsonNode schema) {
            JsonNode type = schema.get("type");
            if (type == null) {
                return List.of();
            }
            if (type.isString()) {
                return List.of(type.stringValue());
            }
            List<String> types = new ArrayList<>(type.size());
            for (JsonNode each : type) {
                types.add(each.asString(""));
            }
            return types;
        }
    }

    /**
     * A declared request body.
     *
     * @param mediaType lower-case, without parameters; may be a range ({@code application/*}, {@code *}{@code /*})
     * @param form      {@code application/x-www-form-urlencoded}: fields checked as the schema's properties
     * @param schema    compiled; null when the body is not JSON nor a form, or its schema allows anything
     * @param tree      its (closed, for a strict write) schema
     */
    private record Body(String mediaType, boolean form, Schema schema, JsonNode tree) {

        static Body of(String mediaType, JsonNode schema, boolean close) {
            String type = mediaType.toLowerCase(Locale.ROOT);
            boolean form = type.equals("application/x-www-form-urlencoded");
            boolean json = type.equals("application/json") || type.endsWith("+json");
            JsonNode tree = close ? StrictSchemas.close(schema) : schema;
            boolean checked = (form || json) && !tree.isEmpty();
            return new Body(type, form, checked ? Schemas.compile(tree) : null, tree);
        }

        /** Whether this body's media type is a range that covers {@code mediaType}. */
        boolean covers(String type) {
            if (mediaType.equals("*/*")) {
                return true;
            }
            return mediaType.endsWith("/*") && type.startsWith(mediaType.substring(0, mediaType.length() - 1));
        }
    }
}
