package io.apiguard.detection.incidents;

import java.time.Instant;

import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.Severity;

/**
 * What {@code GET /api/v1/detections} filters by; null means any.
 *
 * @param subject  the subject exactly
 * @param type     the detection type exactly
 * @param severity at least this severity
 * @param state    the state exactly
 * @param from     detections whose window ends at or after this
 * @param to       detections whose window starts at or before this
 */
public record DetectionFilter(
        String subject, String type, Severity severity, DetectionState state, Instant from, Instant to) {}
