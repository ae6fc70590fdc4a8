package io.apiguard.detection.incidents;

import java.time.Instant;

/**
 * An operator's false-positive verdict on a detection.
 *
 * @param by             who gave it: the verified token's subject
 * @param reason         why
 * @param at             when
 * @param allowlistEntry the allowlist entry it created
 * @param expiresAt      when that entry stops suppressing (unless withdrawn before)
 */
public record FalsePositiveVerdict(String by, String reason, Instant at, String allowlistEntry, Instant expiresAt) {}
