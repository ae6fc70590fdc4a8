/** Detections as incidents: storage, publication on {@code apiguard.detections}, REST and false positives. */
package io.apiguard.detection.incidents;
