#!/usr/bin/env bash
# Level 5 benchmark: sidecar rule evaluation with 10,000 active rules (target: under 5 us per call).
# A hand-rolled harness with warm-up (the sidecar pom has no JMH annotation processing); prints ns per call and the
# single-call latency distribution.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl sidecar test-compile exec:java \
  -Dexec.mainClass=io.apiguard.sidecar.enforcement.bench.RuleEvaluationBench \
  -Dexec.classpathScope=test
