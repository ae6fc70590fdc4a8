package io.apiguard.detection.incidents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.apiguard.common.events.Detection;

/**
 * A detection over REST: the format {@code apiguard.detections} carries, plus, once an operator marked it, the
 * {@code falsePositive} verdict (absent otherwise, so an unmarked detection reads exactly like the event).
 */
public record DetectionView(
        @JsonUnwrapped Detection detection,
        @JsonInclude(JsonInclude.Include.NON_NULL) FalsePositiveVerdict falsePositive) {}
