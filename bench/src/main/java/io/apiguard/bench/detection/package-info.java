/** Benchmarks of detection-service: its detectors on one thread, and call-to-detection latency of its jar. */
package io.apiguard.bench.detection;
