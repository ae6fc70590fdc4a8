#!/usr/bin/env bash
# posture-service speed (Level 3 issue). Run on an otherwise idle machine.
#   bench/posture.sh rules [apis] [rounds]
#       every rule over 10,000 APIs with traffic aggregates, in process (target: under 2 s)
#   bench/posture.sh maturity [requests]
#       GET /api/v1/maturity p50/p99 with every status endpoint answering (target: p99 < 200 ms); starts the service
#       in its test harness (embedded Kafka, local PostgreSQL, WireMock for the other services), full JIT
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-rules}; shift || true
case "$what" in
  rules)
    exec ./mvnw -B -q -pl posture-service test-compile exec:java \
      -Dexec.mainClass=io.apiguard.posture.bench.RuleEvaluationBenchmark -Dexec.classpathScope=test \
      -Dexec.args="${1:-10000} ${2:-10}" ;;
  maturity)
    requests=${1:-2000}
    ./mvnw -B -q -pl posture-service test -Dtest=MaturityLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
      -Dapiguard.bench.maturity=true -Dapiguard.bench.requests="$requests" \
      -Dtest.jvm.args="-Xmx1g -XX:+UseParallelGC" > /tmp/apiguard-posture-maturity.log 2>&1 \
      || { tail -50 /tmp/apiguard-posture-maturity.log; exit 1; }
    cat posture-service/target/posture-maturity.txt ;;
  *) echo "usage: bench/posture.sh rules|maturity [options]" >&2; exit 2 ;;
esac
