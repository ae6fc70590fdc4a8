package io.apiguard.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON that the app writes and reads back itself: a document it stores in a column, a value it holds. Unlike input
 * from a caller or a topic, it is always well formed, so a failure to write or read it is a defect (or a row written
 * by an incompatible version), not a refusal: it is unchecked, and names what was being written or read.
 */
public final class StoredJson {

    private StoredJson() {}

    /** {@code value} as JSON; IllegalStateException naming {@code what} when Jackson cannot write it. */
    public static String write(ObjectMapper mapper, Object value, String what) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + what + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The {@code type} that {@code json} holds; IllegalStateException naming {@code what} when it does not. */
    public static <T> T read(ObjectMapper mapper, String json, Class<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + what + ": " + e.getOriginalMessage(), e);
        }
    }
}
