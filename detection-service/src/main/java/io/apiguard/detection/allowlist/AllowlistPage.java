package io.apiguard.detection.allowlist;

import java.util.List;

/** One page of allowlist entries, newest first. */
public record AllowlistPage(List<AllowlistEntry> items, int page, int size, long total) {}
