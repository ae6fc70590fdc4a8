#!/usr/bin/env bash
# Level 5 time to block on the local stack (enforcement issue): starts ./run-local.sh --stay, optionally puts a
# background load through the sidecar with wrk (paced connections), then has new attackers walk ids and reports the
# time from detection's deciding call to the sidecar's first 403, p50/p99.
#   bench/time-to-block.sh [--load RATE] [--trials N] [--pace-ms MS]
# --load 0 runs without background load; the default is 5000 calls/s (needs wrk: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
load=5000; trials=10; pace=20
while [ $# -gt 0 ]; do
  case "$1" in
    --load) load=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --pace-ms) pace=$2; shift 2 ;;
    *) echo "usage: bench/time-to-block.sh [--load RATE] [--trials N] [--pace-ms MS]" >&2; exit 2 ;;
  esac
done
jar=bench/target/bench-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] && [ -d bench/target/lib ] || ./mvnw -B -q install -DskipTests -pl bench -am
log=$(mktemp /tmp/apiguard-ttb.XXXX.log)
APIGUARD_LOCAL_JAVA_OPTS="${APIGUARD_LOCAL_JAVA_OPTS:--XX:+UseParallelGC -Xmx512m}" ./run-local.sh --stay > "$log" 2>&1 &
stack=$!
cleanup() {
  if [ -n "${wrk_pid:-}" ]; then kill "$wrk_pid" 2>/dev/null || true; fi
  kill "$stack" 2>/dev/null || true
  wait "$stack" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q 'Staying up' "$log" && break; kill -0 "$stack" 2>/dev/null || { cat "$log"; exit 1; }; sleep 0.5; done
grep -q 'Staying up' "$log" || { echo "the local run did not come up; its output: $log" >&2; exit 1; }
if [ "$load" -gt 0 ]; then
  command -v wrk >/dev/null || { echo "background load needs wrk: apt-get install -y wrk" >&2; exit 1; }
  # paced connections: each sends one call every 10 ms, so RATE/100 connections give RATE calls/s
  connections=$(( load / 100 ))
  # the shared account's verified API key, which the local run wrote: only a verified shared account may delegate
  auth="X-API-Key: $(cat .local/tokens/fintech-api-key)"
  PAUSE_MS=10 wrk -t2 -c"$connections" -d10m -s bench/sidecar/latency.lua -H "$auth" -H "X-End-User: load@bench.example" \
    http://127.0.0.1:8090/accounts/7 > /tmp/apiguard-ttb-wrk.txt 2>&1 &
  wrk_pid=$!
  # the JVMs compile their hot paths and the first backlog drains before anything is measured
  sleep "${WARMUP_SECONDS:-60}"
fi
java -cp "$jar:bench/target/lib/*" io.apiguard.bench.enforcement.TimeToBlockBenchmark --trials "$trials" --pace-ms "$pace"
if [ -n "${wrk_pid:-}" ]; then
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" 2>/dev/null || true
  echo "background load (wrk): $(awk '/Requests\/sec/{print $2}' /tmp/apiguard-ttb-wrk.txt) calls/s through the sidecar"
fi
