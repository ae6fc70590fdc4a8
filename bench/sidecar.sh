#!/usr/bin/env bash
# Sidecar speed (logging issue): added latency at 1,000 req/s and throughput, beside Debian's nginx as a reverse proxy
# in front of the same upstream, same run, same load tool (wrk). Needs wrk and nginx (apt-get install wrk nginx).
#   bench/sidecar.sh [--duration 20s] [--connections 64] [--workers 1] [--inspection on|off] [--jar path]
# --workers sets nginx's worker processes and the sidecar's event loops alike (the issue compares them at the same
# count); --inspection turns the sidecar's header/body/response inspection on or off; --jar measures another build
# (e.g. the one before a change). Warnings in the sidecar's log under load are counted and printed.
# The upstream is an nginx server answering a small JSON body (so the proxies, not the upstream, are measured); the
# sidecar captures every call and delivers the records to a stand-in of logging-service's batch endpoint (nginx
# answering 202), so capture costs what it costs in production minus logging-service's own work.
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
inspection_opt=""
[ "$inspection" = on ] && inspection_opt="-Dapiguard.sidecar.inspection.enabled=true"
[ "$inspection" = off ] && inspection_opt="-Dapiguard.sidecar.inspection.enabled=false"
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx: apt-get install -y wrk nginx" >&2; exit 1; }
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests -pl sidecar -am

work=$(mktemp -d /tmp/apiguard-sidecar-bench.XXXX)
upstream=18080; nginx_proxy=18081; collector=18082; sidecar=18090; admin=18091; management=18092
cat > "$work/nginx.conf" <<CONF
worker_processes $workers;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  upstream api { server 127.0.0.1:$upstream; keepalive 128; }
  server { listen 127.0.0.1:$upstream; location / { default_type application/json; return 200 '{"account":1044,"balance":"12.00"}'; } }
  server { listen 127.0.0.1:$nginx_proxy; location / { proxy_pass http://api; proxy_http_version 1.1; proxy_set_header Connection ""; } }
  server { listen 127.0.0.1:$collector; client_max_body_size 64m; location / { client_body_in_single_buffer on; return 202 '{}'; } }
}
CONF
nginx -c "$work/nginx.conf"
# The callers are people behind a shared account that authenticates with an API key (verified against an owners
# table), as in production; an unverifiable credential would not be allowed to name them. No JWKS here, so bearer
# tokens would be unverified: allow-unverified says that is meant.
api_key="ak_bench_$(date +%s%N)"
fingerprint="sha256:$(printf %s "$api_key" | sha256sum | cut -c1-16)"
printf '[{"fingerprint":"%s","subject":"FinTech_User_01","service":true,"organisation":"bench","roles":[]}]' \
  "$fingerprint" > "$work/api-key-owners.json"
# Only the proxy port is measured: the admin API's issuers point nowhere (its endpoints would answer 401), and health
# and metrics come from the management port.
java -Xmx512m ${SIDECAR_JAVA_OPTS:--XX:+UseParallelGC} -Dquarkus.http.port=$admin -Dquarkus.management.port=$management \
  -Dquarkus.oidc.auth-server-url=http://127.0.0.1:9/realms/none -Dquarkus.oidc.workload.auth-server-url=http://127.0.0.1:9/realms/none \
  -Dapiguard.sidecar.proxy-port=$sidecar -Dapiguard.sidecar.event-loops=$workers \
  $inspection_opt -Dapiguard.identity.shared-accounts=FinTech_User_01 \
  -Dapiguard.identity.api-key-owners-file=$work/api-key-owners.json -Dapiguard.identity.allow-unverified=true \
  -Dapiguard.sidecar.upstream=http://127.0.0.1:$upstream -Dquarkus.rest-client.logging.url=http://127.0.0.1:$collector \
  -Dquarkus.log.level=WARN -jar "$jar" > "$work/sidecar.log" 2>&1 &
sidecar_pid=$!
cleanup() { kill $sidecar_pid 2>/dev/null || true; wait $sidecar_pid 2>/dev/null || true; nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$management/q/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$management/q/health/ready" >/dev/null || { echo "sidecar not ready; log: $work/sidecar.log" >&2; exit 1; }

path=/accounts/1044/statements
auth="X-API-Key: $api_key"
# warnings at start (no OIDC server, no rule-set key) are not the proxy's: count only what is logged under load
log_start=$(wc -l < "$work/sidecar.log")
echo "warming up the sidecar (JIT) ..."
wrk -t2 -c32 -d${WARMUP:-30s} -H "$auth" -H "X-End-User: alex" "http://127.0.0.1:$sidecar$path" > /dev/null

latency() { # name port -> "p50 p99" in ms at ~1,000 req/s (4 connections, one call each per 4 ms)
  PAUSE_MS=4 wrk -t1 -c4 -d"$duration" --latency -s bench/sidecar/latency.lua -H "$auth" -H "X-End-User: alex" \
    "http://127.0.0.1:$2$path" > "$work/lat-$1.txt"
  local p50 p99 rps
  p50=$(awk '$1=="50%"{print $2}' "$work/lat-$1.txt"); p99=$(awk '$1=="99%"{print $2}' "$work/lat-$1.txt")
  rps=$(awk '/Requests\/sec/{print $2}' "$work/lat-$1.txt")
  printf '%-8s latency at %6.0f req/s: p50 %8s  p99 %8s\n' "$1" "$rps" "$p50" "$p99"
}
throughput() { # name port
  wrk -t2 -c"$connections" -d"$duration" -H "$auth" -H "X-End-User: alex" "http://127.0.0.1:$2$path" > "$work/tp-$1.txt"
  printf '%-8s throughput (%s connections): %s req/s\n' "$1" "$connections" "$(awk '/Requests\/sec/{print $2}' "$work/tp-$1.txt")"
}
latency direct $upstream
latency nginx $nginx_proxy
latency sidecar $sidecar
throughput nginx $nginx_proxy
throughput sidecar $sidecar
metrics=$(curl -s "http://127.0.0.1:$management/q/metrics")
echo "sidecar capture: delivered $(echo "$metrics" | awk '/^apiguard_sidecar_capture_delivered_total/{print $2}'), dropped $(echo "$metrics" | awk '/^apiguard_sidecar_capture_dropped_total/{print $2}')"
under_load=$(tail -n +"$((log_start + 1))" "$work/sidecar.log" | grep -cE 'WARN|ERROR' || true)
echo "sidecar log warnings under load: $under_load (workers $workers, inspection $inspection)"
echo "raw wrk output: $work"
