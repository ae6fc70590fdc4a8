package io.apiguard.discovery.inventory;

import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Exposure;

/** Filters of {@code GET /api/v1/apis}; null fields match everything. */
public record ApiFilter(String namespace, String host, ApiState state, Exposure exposure) {}
