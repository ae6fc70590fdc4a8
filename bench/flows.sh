#!/usr/bin/env bash
# The real flow chain on loopback (flows issue): HTTP traffic -> softflowd (IPFIX, or NetFlow v9 with --netflow 9)
# -> nfacctd's Kafka plugin -> apiguard.network.pmacct on the test kit's broker -> detection-service's flow adapter
# (its jar, on that broker and PostgreSQL) -> apiguard.network. Prints the records nfacctd sent, the flows that arrived
# normalized, and the adapter's flows/s on copies of them.
#   bench/flows.sh [--netflow 10|9] [--calls 12] [--warmup 20000] [--records 20000] [--root <tree>]
# --root measures another tree's built detection-service jar with this benchmark (before/after on one machine).
# Needs Debian's pmacct and softflowd (apt-get install -y pmacct softflowd) and root: softflowd captures on lo.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in nfacctd softflowd softflowctl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y pmacct softflowd" >&2; exit 2; }
done
jar=bench/target/bench-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] && [ -d bench/target/lib ] && [ -f detection-service/target/quarkus-app/quarkus-run.jar ] \
  || ./mvnw -B -q package -DskipTests -pl bench,detection-service -am
exec java -Xmx1g -XX:+UseParallelGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$jar:bench/target/lib/*" io.apiguard.bench.flows.FlowChainBenchmark "$@" --root .
