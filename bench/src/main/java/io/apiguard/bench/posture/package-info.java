/** Benchmarks of posture-service: its rules over a large inventory, and {@code GET /api/v1/maturity} of its jar. */
package io.apiguard.bench.posture;
