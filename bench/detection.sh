#!/usr/bin/env bash
# detection-service speed (Level 4 issue). Run on an otherwise idle machine.
#   bench/detection.sh throughput [--seconds 10] [--subjects 20000]
#       calls/s through every detector on one thread, without Kafka (target: 50,000 per core)
#   bench/detection.sh e2e [rate] [seconds]
#       call published -> detection published on the real broker, p50/p99 at 5,000 calls/s (target: p99 < 300 ms);
#       starts the service in its test harness (embedded Kafka, local PostgreSQL), full JIT, parallel GC
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-throughput}; shift || true
case "$what" in
  throughput)
    exec ./mvnw -B -q -pl detection-service test-compile exec:java \
      -Dexec.mainClass=io.apiguard.detection.bench.DetectorThroughputBenchmark -Dexec.classpathScope=test \
      -Dexec.args="$*" ;;
  e2e)
    rate=${1:-5000}; seconds=${2:-20}
    ./mvnw -B -q -pl detection-service test -Dtest=EndToEndLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
      -Dapiguard.bench.e2e=true -Dapiguard.bench.rate="$rate" -Dapiguard.bench.seconds="$seconds" \
      -Dtest.jvm.args="-Xmx1g -XX:+UseParallelGC" > /tmp/apiguard-detection-e2e.log 2>&1 \
      || { tail -50 /tmp/apiguard-detection-e2e.log; exit 1; }
    cat detection-service/target/detection-e2e.txt ;;
  *) echo "usage: bench/detection.sh throughput|e2e [options]" >&2; exit 2 ;;
esac
