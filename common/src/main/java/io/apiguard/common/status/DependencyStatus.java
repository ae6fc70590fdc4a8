package io.apiguard.common.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One readiness check as the status document shows it.
 *
 * @param name the check's name, e.g. {@code Reactive PostgreSQL connections health check}
 * @param up   whether the check passed
 * @param data the details the check reported (connection names, errors, counts)
 */
public record DependencyStatus(String name, boolean up, Map<String, Object> data) {

    public DependencyStatus {
        // A check may report a null detail; Map.copyOf would refuse it and fail the whole document.
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
