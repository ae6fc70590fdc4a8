package io.apiguard.sidecar.inspection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.paths.PathTemplates;

/**
 * The object ids a JSON response body returns to its caller, as keyed fingerprints ({@link Fingerprints#keyed}, under
 * a key the sidecars share with detection), never the ids: values of id-like fields ({@code id}, {@code uuid},
 * {@code guid}, {@code accountId}, {@code account_id}, configured names) at any depth, in objects and arrays, that look
 * like ids the way a path segment does ({@link PathTemplates#isIdentifier}: numbers, UUIDs, long hex strings, long
 * tokens), up to 128 characters, at most {@code max-per-call} distinct ones. Fingerprinted as written (no case folding),
 * exactly as detection fingerprints the ids it takes from paths, so an id returned here and used later in a path is one
 * fingerprint. The body is read with a streaming parser over the bytes the proxy already copied (bounded by
 * {@code inspection.max-response-bytes}): a body cut at the bound, or one that stops being JSON, gives the ids read
 * before the cut. Immutable, thread-safe (the key's MAC is made per call); runs off the event loop with the data-class
 * search.
 */
@ApplicationScoped
public class ReturnedObjects {

    private static final Logger LOGGER = Logger.getLogger(ReturnedObjects.class);
    private static final int MIN_KEY = 16;
    private static final int MAX_ID = 128;
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean on;
    private final int maxPerCall;
    private final Set<String> fields;
    private final byte[] key;

    @Inject
    ReturnedObjects(ReturnedObjectsConfig config) {
        this(config.enabled(), config.maxPerCall(), config.fields().orElse(List.of()), config.key());
    }

    ReturnedObjects(boolean enabled, int maxPerCall, List<String> fields, Optional<String> key) {
        if (key.isPresent() && key.get().length() < MIN_KEY) {
            throw new IllegalArgumentException(
                    "apiguard.sidecar.returned-objects.key must be at least " + MIN_KEY + " characters");
        }
        if (maxPerCall < 1 || maxPerCall > io.apiguard.common.events.ApiCallRecord.MAX_RETURNED_OBJECTS) {
            throw new IllegalArgumentException("apiguard.sidecar.returned-objects.max-per-call must be within 1-"
                    + io.apiguard.common.events.ApiCallRecord.MAX_RETURNED_OBJECTS + ": " + maxPerCall);
        }
        if (enabled && key.isEmpty()) {
            LOGGER.info("responses record no returned object ids: apiguard.sidecar.returned-objects.key is not set");
        }
        this.on = enabled && key.isPresent();
        this.maxPerCall = maxPerCall;
        this.fields = Set.copyOf(fields);
        this.key = key.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** Whether responses are read for the ids they return. */
    public boolean enabled() {
        return on;
    }

    /**
     * The fingerprints of the ids a response with {@code status} and {@code contentType} returned in {@code body} (the
     * copied prefix of it), in the order first seen; empty when off, not a success, not JSON, or none.
     */
    public List<String> find(int status, String contentType, byte[] body) {
        if (!on || status < 200 || status >= 300 || body == null || body.length == 0 || !isJson(contentType)) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null && ids.size() < maxPerCall) {
                if (token != JsonToken.FIELD_NAME || !isIdField(parser.currentName())) {
                    continue;
                }
                JsonToken value = parser.nextToken();
                if (isScalar(value)) {
                    add(ids, parser.getText());
                } else if (value == JsonToken.START_ARRAY) {
                    // "accountIds": [1044, 2211]: the array's own values are ids; what is nested in it is skipped
                    JsonToken element;
                    while ((element = parser.nextToken()) != null
                            && element != JsonToken.END_ARRAY
                            && ids.size() < maxPerCall) {
                        if (isScalar(element)) {
                            add(ids, parser.getText());
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
                // "id": {...} is walked on by the loop like any other object
            }
        } catch (IOException e) {
            // cut at the copy's bound, or not JSON after all: what was read before counts
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        UnaryOperator<String> keyer = Fingerprints.keyer(key);
        List<String> fingerprints = new ArrayList<>(ids.size());
        for (String id : ids) {
            fingerprints.add(keyer.apply(id));
        }
        return fingerprints;
    }

    private static boolean isScalar(JsonToken token) {
        return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING;
    }

    private static void add(Set<String> ids, String value) {
        if (value.length() <= MAX_ID && PathTemplates.isIdentifier(value)) {
            ids.add(value);
        }
    }

    private boolean isIdField(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (fields.contains(name)) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("id") || lower.equals("uuid") || lower.equals("guid")) {
            return true;
        }
        int length = name.length();
        // accountId, accountID, account_id, account-id, accountIds; but not "paid" or "valid"
        if (length > 2 && (name.endsWith("Id") || name.endsWith("ID"))) {
            return true;
        }
        if (length > 3 && (name.endsWith("Ids") || name.endsWith("IDs"))) {
            return true;
        }
        return lower.endsWith("_id") || lower.endsWith("-id") || lower.endsWith("_ids") || lower.endsWith("-ids");
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.contains("+json");
    }
}
