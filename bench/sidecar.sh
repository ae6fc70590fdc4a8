#!/usr/bin/env bash
# Sidecar speed (logging issue): added latency at 1,000 req/s and throughput, beside Debian's nginx as a reverse proxy
# in front of the same upstream, same run, same load tool (wrk). Needs wrk and nginx (apt-get install wrk nginx).
#   bench/sidecar.sh [--duration 20s] [--connections 64] [--workers 1] [--inspection on|off] [--jar path]
# --workers sets nginx's worker processes and the sidecar's event loops alike (the issue compares them at the same
# count); --inspection turns the sidecar's header/body/response inspection on or off; --jar measures another build
# (e.g. the one before a change). Warnings in the sidecar's log under load are counted and printed.
# The upstream is an nginx server answering a small JSON body (so the proxies, not the upstream, are measured); the
# sidecar captures every call and delivers the records to a stand-in of logging-service's batch endpoint (nginx
# answering 202), so capture costs what it costs in production minus logging-service's own work. The stack is
# bench/sidecar/stack.sh's, shared with bench/firewall.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=20s; connections=64; workers=1; inspection=default; jar=sidecar/target/quarkus-app/quarkus-run.jar
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --inspection) inspection=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    *) echo "usage: bench/sidecar.sh [--duration 20s] [--connections 64] [--workers 1] [--inspection on|off] [--jar path]" >&2; exit 2 ;;
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
SIDECAR_JAR=$jar stack_start_sidecar -Dapiguard.sidecar.event-loops="$workers" "${inspection_opt[@]}"

path=/accounts/1044/statements
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
