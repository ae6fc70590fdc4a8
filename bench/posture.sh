#!/usr/bin/env bash
# posture-service speed (Level 3 issue), from bench/'s packaged classpath. Run on an otherwise idle machine.
#   bench/posture.sh rules [--apis 10000] [--rounds 10]
#       every rule over 10,000 APIs with traffic aggregates, in process (target: under 2 s)
#   bench/posture.sh maturity [--requests 2000]
#       GET /api/v1/maturity p50/p99 with every status endpoint answering (target: p99 < 200 ms): posture-service's
#       jar as a process on a real Kafka broker and PostgreSQL, the other services' status endpoints stubbed
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-rules}; shift || true
case "$what" in
  rules) main=io.apiguard.bench.posture.RuleEvaluationBenchmark ;;
  maturity) main=io.apiguard.bench.posture.MaturityLatencyBenchmark; set -- --root . "$@" ;;
  *) echo "usage: bench/posture.sh rules|maturity [options]" >&2; exit 2 ;;
esac
jar=bench/target/bench-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] && [ -d bench/target/lib ] || ./mvnw -B -q install -DskipTests -pl bench -am
# Full JIT: the targets are about a warmed-up service, as in production.
exec java -Xmx1g -XX:+UseParallelGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$jar:bench/target/lib/*" "$main" "$@"
