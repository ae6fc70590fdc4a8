/**
 * The detection engine in plain Java: the detector contract, bounded per-key state (windows, EWMA baselines, LRU
 * maps), per-partition pipelines and the incident tracker that turns signals into one updated detection per incident.
 */
package io.apiguard.detection.engine;
