#!/usr/bin/env bash
# Runs one benchmark of bench/ from its packaged classpath: bench/run.sh <name> [args]
#   broker-start [--runs N]                 embedded Kafka broker start time (foundation)
#   route-match                             JMH: matching a call among 10,000 APIs (discovery)
#   discovery-sync [--ingresses N] [--changes M]  initial sync of N Ingresses, change-to-event latency (discovery)
#   logging-ingest [--records N] [--batch B] [--concurrency C]  ingest rate beside a raw COPY (logging)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/bench-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] && [ -d bench/target/lib ] || ./mvnw -B -q install -DskipTests -pl bench -am
name=${1:-}; shift || true
case "$name" in
  broker-start) main=io.apiguard.bench.kafka.BrokerStartup ;;
  route-match) main=org.openjdk.jmh.Main; set -- RouteMatchBenchmark "$@" ;;
  discovery-sync) main=io.apiguard.bench.discovery.DiscoverySyncBenchmark; set -- --root . "$@" ;;
  logging-ingest) main=io.apiguard.bench.logging.LoggingIngestBenchmark; set -- --root . "$@" ;;
  *) echo "usage: bench/run.sh broker-start|route-match|discovery-sync|logging-ingest [options]" >&2; exit 2 ;;
esac
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$jar:bench/target/lib/*" "$main" "$@"
