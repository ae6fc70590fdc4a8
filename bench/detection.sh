#!/usr/bin/env bash
# detection-service speed (Level 4 issue), from bench/'s packaged classpath. Run on an otherwise idle machine.
#   bench/detection.sh throughput [--seconds 10] [--subjects 20000]
#       calls/s through every detector on one thread, without Kafka (target: 50,000 per core)
#   bench/detection.sh e2e [--rate 5000] [--seconds 20]
#       call published -> detection published on the real broker, p50/p99 at 5,000 calls/s (target: p99 < 300 ms):
#       detection-service's jar as a process on a real Kafka broker and PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-throughput}; shift || true
case "$what" in
  throughput) main=io.apiguard.bench.detection.DetectorThroughputBenchmark ;;
  e2e) main=io.apiguard.bench.detection.EndToEndLatencyBenchmark; set -- --root . "$@" ;;
  *) echo "usage: bench/detection.sh throughput|e2e [options]" >&2; exit 2 ;;
esac
jar=bench/target/bench-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] && [ -d bench/target/lib ] || ./mvnw -B -q install -DskipTests -pl bench -am
# Full JIT: the targets are about a warmed-up service, as in production.
exec java -Xmx1g -XX:+UseParallelGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$jar:bench/target/lib/*" "$main" "$@"
