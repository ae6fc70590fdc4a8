package io.apiguard.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Checks for the records' compact constructors: required values fail fast, optional collections become empty. */
final class Require {

    private Require() {}

    static <T> T present(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required and must not be blank");
        }
        return value;
    }

    static long notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    /** Fails when both instants are set and {@code later} is before {@code earlier}; either may be absent. */
    static void ordered(Instant earlier, String earlierName, Instant later, String laterName) {
        if (earlier != null && later != null && later.isBefore(earlier)) {
            throw new IllegalArgumentException(laterName + " " + later + " is before " + earlierName + " " + earlier);
        }
    }

    /**
     * An immutable copy, empty for null. Checked here rather than left to {@link List#copyOf}, whose bare
     * NullPointerException would not say which field of which event was wrong.
     */
    static <T> List<T> list(List<T> values, String name) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(name + " must not contain null");
        }
        return List.copyOf(values);
    }

    /** An immutable copy, empty for null; null keys or values are refused with the field name. */
    static <K, V> Map<K, V> map(Map<K, V> values, String name) {
        if (values == null) {
            return Map.of();
        }
        values.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException(name + " must not contain null keys or values");
            }
        });
        return Map.copyOf(values);
    }
}
