package io.apiguard.discovery.inventory;

import java.util.List;

import io.apiguard.common.events.ApiEndpoint;

/**
 * One page of the inventory.
 *
 * @param items the APIs of this page, ordered by host, path and id
 * @param page  zero-based page number
 * @param size  page size asked for
 * @param total APIs matching the filter across all pages
 */
public record ApiPage(List<ApiEndpoint> items, int page, int size, long total) {}
