package io.apiguard.support.status;

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
        data = Map.copyOf(data);
    }
}
