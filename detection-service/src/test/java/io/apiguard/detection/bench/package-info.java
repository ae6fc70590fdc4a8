/** Benchmarks of the detection pipeline, run by {@code bench/detection.sh}. */
package io.apiguard.detection.bench;
