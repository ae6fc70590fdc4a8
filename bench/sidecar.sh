#!/usr/bin/env bash
# Sidecar speed (logging issue): added latency at 1,000 req/s and throughput, beside Debian's nginx as a reverse proxy
# in front of the same upstream, same run, same load tool (wrk). Needs wrk and nginx (apt-get install wrk nginx).
#   bench/sidecar.sh [--duration 20s] [--connections 64] [--workers 1] [--inspection on|off] [--jar path] [--spec]
# --workers sets nginx's worker processes and the sidecar's event loops alike (the issue compares them at the same
# count); --inspection turns the sidecar's header/body/response inspection on or off; --jar measures another build
# (e.g. the one before a change); --spec measures a 1 KB JSON POST (bench/sidecar/post-1k.json) with every built-in
# payload signature blocking, to an API whose spec the sidecar enforces (host spec.bench) and to the same API without
# spec validation (host nospec.bench), same sidecar, same run (the signed rule set of BenchRuleSet --spec, installed as
# the sidecar's state file). Warnings in the sidecar's log under load are counted and printed.
# The upstream is an nginx server answering a small JSON body (so the proxies, not the upstream, are measured); the
# sidecar captures every call and delivers the records to a stand-in of logging-service's batch endpoint (nginx
# answering 202), so capture costs what it costs in production minus logging-service's own work. The stack is
# bench/sidecar/stack.sh's, shared with bench/firewall.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=20s; connections=64; workers=1; inspection=default; jar=sidecar/target/quarkus-app/quarkus-run.jar; spec=
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --inspection) inspection=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --spec) spec=1; shift ;;
    *) echo "usage: bench/sidecar.sh [--duration 20s] [--connections 64] [--workers 1] [--inspection on|off] [--jar path] [--spec]" >&2; exit 2 ;;
  esac
done
# a build from before inspection existed refuses the property: leave it out unless asked for
inspection_opt=()
[ "$inspection" = on ] && inspection_opt=(-Dapiguard.sidecar.inspection.enabled=true)
[ "$inspection" = off ] && inspection_opt=(-Dapiguard.sidecar.inspection.enabled=false)
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx: apt-get install -y wrk nginx" >&2; exit 1; }
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests -pl sidecar -am

source bench/sidecar/stack.sh
stack_init apiguard-sidecar-bench
trap stack_stop EXIT
NGINX_WORKERS=$workers stack_start_nginx
spec_opt=()
if [ -n "$spec" ]; then
  # BenchRuleSet compiled on its own against the sidecar's and the test kit's classes (the bench module as a whole needs
  # the services' test-jars, which only a package run makes)
  out=bench/target/sidecar-spec; mkdir -p "$out/classes"
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl sidecar,testing -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dspotless.check.skip=true -Dmdep.outputFile=target/bench-classpath.txt
  cp="common/target/classes:testing/target/classes:$(cat sidecar/target/bench-classpath.txt):$(cat testing/target/bench-classpath.txt)"
  javac -nowarn -d "$out/classes" -cp "$cp" bench/src/main/java/io/apiguard/bench/BenchSupport.java \
    bench/src/main/java/io/apiguard/bench/firewall/BenchRuleSet.java
  java -cp "$out/classes:$cp" io.apiguard.bench.firewall.BenchRuleSet --dir "$work/rules" --audience bench/sidecar --spec
  spec_opt=(-Dapiguard.sidecar.enforcement.verification-keys-dir="$work/rules/keys/public"
    -Dapiguard.sidecar.enforcement.state-file="$work/rules/rule-set.jws"
    -Dapiguard.sidecar.enforcement.namespace=bench -Dapiguard.sidecar.enforcement.pod=sidecar
    -Dapiguard.sidecar.enforcement.control-plane=false)
fi
SIDECAR_JAR=$jar stack_start_sidecar -Dapiguard.sidecar.event-loops="$workers" "${inspection_opt[@]}" "${spec_opt[@]}" ${SIDECAR_CONFIG:-}

path=/accounts/1044/statements
if [ -n "$spec" ]; then
  export BODY_FILE=bench/sidecar/post-1k.json WRK_SCRIPT=bench/sidecar/post.lua
  for host in spec.bench nospec.bench; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Host: $host" -H "$auth" -H 'Content-Type: application/json' --data-binary @"$BODY_FILE" "http://127.0.0.1:$sidecar$path")
    [ "$status" = 200 ] || { echo "the honest 1 KB POST to $host got $status: the figures would measure refusals" >&2; exit 1; }
  done
  refused=$(sed 's/"coupon"/"isAdmin":true,"coupon"/' "$BODY_FILE" | curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Host: spec.bench' -H "$auth" -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$sidecar$path")
  [ "$refused" = 400 ] || { echo "a mass assignment to spec.bench got $refused, not 400: the spec is not enforced" >&2; exit 1; }
  log_start=$(wc -l < "$work/sidecar.log")
  echo "warming up the sidecar (JIT) ..."
  for host in spec.bench nospec.bench; do
    wrk -t2 -c32 -d${WARMUP:-30s} -s "$WRK_SCRIPT" -H "Host: $host" -H "$auth" "http://127.0.0.1:$sidecar$path" > /dev/null
  done
  stack_latency post-direct $upstream $path
  stack_latency post-nospec $sidecar $path -H "Host: nospec.bench"
  stack_latency post-spec $sidecar $path -H "Host: spec.bench"
  stack_throughput post-nospec $sidecar $path -H "Host: nospec.bench"
  stack_throughput post-spec $sidecar $path -H "Host: spec.bench"
  metrics=$(curl -s "http://127.0.0.1:$management/q/metrics")
  echo "spec violations counted: $(echo "$metrics" | awk '/^apiguard_sidecar_spec_violations_total/{s+=$2} END {print s+0}') (the one mass assignment above)"
  under_load=$(tail -n +"$((log_start + 1))" "$work/sidecar.log" | grep -cE 'WARN|ERROR' || true)
  echo "sidecar log warnings under load: $under_load (workers $workers, spec)"
  echo "raw wrk output: $work"
  exit 0
fi
# warnings at start (no OIDC server, no rule-set key) are not the proxy's: count only what is logged under load
log_start=$(wc -l < "$work/sidecar.log")
echo "warming up the sidecar (JIT) ..."
wrk -t2 -c32 -d${WARMUP:-30s} -H "$auth" -H "X-End-User: alex" "http://127.0.0.1:$sidecar$path" > /dev/null

stack_latency direct $upstream $path
stack_latency nginx $nginx_proxy $path
stack_latency sidecar $sidecar $path
stack_throughput nginx $nginx_proxy $path
stack_throughput sidecar $sidecar $path
metrics=$(curl -s "http://127.0.0.1:$management/q/metrics")
echo "sidecar capture: delivered $(echo "$metrics" | awk '/^apiguard_sidecar_capture_delivered_total/{print $2}'), dropped $(echo "$metrics" | awk '/^apiguard_sidecar_capture_dropped_total/{print $2}')"
under_load=$(tail -n +"$((log_start + 1))" "$work/sidecar.log" | grep -cE 'WARN|ERROR' || true)
echo "sidecar log warnings under load: $under_load (workers $workers, inspection $inspection)"
echo "raw wrk output: $work"
