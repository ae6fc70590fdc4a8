package io.apiguard.sidecar.inspection;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.inspect.RequestContent;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The account a login call tries to sign in to, as a keyed fingerprint ({@link Fingerprints#keyed}), never the
 * username itself: from a configured header, else from the first configured field of a JSON object or form body, of
 * calls to the configured login operations. Detection counts failed logins per target account across addresses with
 * it. Names are trimmed and lower-cased (logins are case-insensitive almost everywhere); one longer than 256
 * characters, or a body that is not an object or a form, names nobody. Immutable, thread-safe; runs on the event loop
 * on bodies the proxy has already bounded.
 */
@ApplicationScoped
public class LoginTargets {

    private static final Logger LOGGER = Logger.getLogger(LoginTargets.class);
    private static final int MAX_NAME = 256;
    private static final int MIN_KEY = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> operations;
    private final List<String> fields;
    private final String header;
    private final byte[] key;

    @Inject
    LoginTargets(LoginTargetsConfig config) {
        this(config.enabled(), config.operations(), config.fields(), config.header(), config.key());
    }

    LoginTargets(
            boolean enabled,
            List<String> operations,
            List<String> fields,
            Optional<String> header,
            Optional<String> key) {
        if (key.isPresent() && key.get().length() < MIN_KEY) {
            throw new IllegalArgumentException(
                    "apiguard.sidecar.login-targets.key must be at least " + MIN_KEY + " characters");
        }
        boolean on = enabled && key.isPresent();
        if (enabled && key.isEmpty()) {
            LOGGER.info("login calls carry no target account: apiguard.sidecar.login-targets.key is not set");
        }
        this.operations = on
                ? operations.stream().map(LoginTargets::operation).collect(Collectors.toUnmodifiableSet())
                : Set.of();
        this.fields = List.copyOf(fields);
        this.header = header.map(name -> name.toLowerCase(Locale.ROOT)).orElse(null);
        this.key = key.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** Whether a call to {@code method template} is a login whose body the proxy must read to name its account. */
    public boolean reads(String method, String template) {
        return !operations.isEmpty() && template != null && operations.contains(method + ' ' + template);
    }

    /** The fingerprint of the account a call to {@code method template} names, or null. */
    public String targetAccount(String method, String template, RequestContent content) {
        if (!reads(method, template) || content == null) {
            return null;
        }
        String name = null;
        if (header != null && !content.header(header).isEmpty()) {
            name = content.header(header).get(0);
        } else if (content.hasBody()) {
            name = fromBody(content);
        }
        if (name == null) {
            return null;
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        if (normalized.isEmpty() || normalized.length() > MAX_NAME) {
            return null;
        }
        return Fingerprints.keyed(key, normalized);
    }

    private String fromBody(RequestContent content) {
        String type = content.contentType() == null ? "" : content.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            Map<String, List<String>> form = new QueryStringDecoder(
                            new String(content.body(), StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
                    .parameters();
            for (String field : fields) {
                List<String> values = form.get(field);
                if (values != null && !values.isEmpty()) {
                    return values.get(0);
                }
            }
            return null;
        }
        if (type.startsWith("application/json") || type.contains("+json")) {
            try {
                JsonNode body = JSON.readTree(content.body());
                if (body == null || !body.isObject()) {
                    return null;
                }
                for (String field : fields) {
                    JsonNode value = body.get(field);
                    if (value != null && value.isTextual()) {
                        return value.asText();
                    }
                }
            } catch (JsonProcessingException e) {
                // Not JSON after all: it names nobody; the API answers it as it will.
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return null;
    }

    private static String operation(String operation) {
        String trimmed = operation.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException(
                    "apiguard.sidecar.login-targets.operations: METHOD template, e.g. POST /login: " + operation);
        }
        return trimmed.substring(0, space).toUpperCase(Locale.ROOT)
                + ' '
                + trimmed.substring(space + 1).trim();
    }
}
