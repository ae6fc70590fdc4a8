/**
 * The detectors: plain, per-partition classes over bounded in-memory state (testable with a synthetic clock), each
 * wrapped by a CDI bean that reads its configuration.
 */
package io.apiguard.detection.detectors;
