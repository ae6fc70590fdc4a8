/** Cross-correlation of detections with network flow records: flagged subjects followed by unusual egress. */
package io.apiguard.detection.correlation;
