package io.apiguard.detection.incidents;

import java.util.List;

/** One page of detections, newest update first. */
public record DetectionPage(List<DetectionView> items, int page, int size, long total) {}
