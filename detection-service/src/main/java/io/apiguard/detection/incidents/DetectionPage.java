package io.apiguard.detection.incidents;

import java.util.List;

import io.apiguard.common.events.Detection;

/** One page of detections, newest update first. */
public record DetectionPage(List<Detection> items, int page, int size, long total) {
}
