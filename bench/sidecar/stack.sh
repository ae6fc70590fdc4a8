# Sourced by bench/sidecar.sh and bench/firewall.sh: the pieces they share, so both measure the same stack the same way.
# An nginx serving the upstream (a small JSON body, so the proxies, not the upstream, are measured), nginx as a plain
# reverse proxy in front of it and a stand-in of logging-service's batch endpoint (202); the sidecar in front of the
# same upstream, capturing every call and delivering the records to that stand-in; wrk's paced latency and its
# throughput. The caller sets up: `cd` to the repository root and `stack_init`; `trap stack_stop EXIT`.
#   STACK_PORT_BASE   first port (default 18080): upstream +0, nginx proxy +1, collector +2, sidecar +10/+11/+12
#   NGINX_WORKERS     nginx worker processes (default 1)
#   NGINX_MAIN_EXTRA, NGINX_HTTP_EXTRA   configuration added to nginx's main and http blocks
#   SIDECAR_JAVA_OPTS JVM options of the sidecar (default -XX:+UseParallelGC); extra -D options: stack_start_sidecar args
#   SIDECAR_JAR       the sidecar build to run (default sidecar/target/quarkus-app/quarkus-run.jar)

stack_init() { # work-dir prefix
  work=$(mktemp -d "/tmp/$1.XXXX")
  local base=${STACK_PORT_BASE:-18080}
  upstream=$base; nginx_proxy=$((base + 1)); collector=$((base + 2))
  sidecar=$((base + 10)); admin=$((base + 11)); management=$((base + 12))
  sidecar_pid=""
}

stack_start_nginx() {
  cat > "$work/nginx.conf" <<CONF
${NGINX_MAIN_EXTRA:-}
worker_processes ${NGINX_WORKERS:-1};
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
${NGINX_HTTP_EXTRA:-}
}
CONF
  nginx -c "$work/nginx.conf"
}

stack_start_sidecar() { # [extra -D options...]
  # The callers are people behind a shared account that authenticates with an API key (verified against an owners
  # table), as in production; an unverifiable credential would not be allowed to name them. No JWKS here, so bearer
  # tokens would be unverified: allow-unverified says that is meant.
  api_key="ak_bench_$(date +%s%N)"
  local fingerprint
  fingerprint="sha256:$(printf %s "$api_key" | sha256sum | cut -c1-16)"
  printf '[{"fingerprint":"%s","subject":"FinTech_User_01","service":true,"organisation":"bench","roles":[]}]' \
    "$fingerprint" > "$work/api-key-owners.json"
  auth="X-API-Key: $api_key"
  # Only the proxy port is measured: the admin API's issuers point nowhere (its endpoints would answer 401), and health
  # and metrics come from the management port.
  java -Xmx512m ${SIDECAR_JAVA_OPTS:--XX:+UseParallelGC} -Dquarkus.http.port=$admin -Dquarkus.management.port=$management \
    -Dquarkus.oidc.auth-server-url=http://127.0.0.1:9/realms/none -Dquarkus.oidc.workload.auth-server-url=http://127.0.0.1:9/realms/none \
    -Dapiguard.sidecar.proxy-port=$sidecar -Dapiguard.identity.shared-accounts=FinTech_User_01 \
    -Dapiguard.identity.api-key-owners-file=$work/api-key-owners.json -Dapiguard.identity.allow-unverified=true \
    -Dapiguard.sidecar.upstream=http://127.0.0.1:$upstream -Dquarkus.rest-client.logging.url=http://127.0.0.1:$collector \
    -Dquarkus.log.level=WARN "$@" -jar "${SIDECAR_JAR:-sidecar/target/quarkus-app/quarkus-run.jar}" > "$work/sidecar.log" 2>&1 &
  sidecar_pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$management/q/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$management/q/health/ready" >/dev/null || { echo "sidecar not ready; log: $work/sidecar.log" >&2; exit 1; }
}

stack_stop() {
  if [ -n "${sidecar_pid:-}" ]; then kill "$sidecar_pid" 2>/dev/null || true; wait "$sidecar_pid" 2>/dev/null || true; fi
  nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true
}

stack_latency() { # name port path [wrk options...] -> "p50 p99" in ms at ~1,000 req/s (4 connections, one call each per 4 ms)
  local name=$1 port=$2 path=$3; shift 3
  PAUSE_MS=4 wrk -t1 -c4 -d"$duration" --latency -s "${WRK_SCRIPT:-bench/sidecar/latency.lua}" -H "$auth" -H "X-End-User: alex" \
    "$@" "http://127.0.0.1:$port$path" > "$work/lat-$name.txt"
  local p50 p99 rps
  p50=$(awk '$1=="50%"{print $2}' "$work/lat-$name.txt"); p99=$(awk '$1=="99%"{print $2}' "$work/lat-$name.txt")
  rps=$(awk '/Requests\/sec/{print $2}' "$work/lat-$name.txt")
  printf '%-8s latency at %6.0f req/s: p50 %8s  p99 %8s\n' "$name" "$rps" "$p50" "$p99"
}

stack_throughput() { # name port path [wrk options...]
  local name=$1 port=$2 path=$3; shift 3
  wrk -t2 -c"$connections" -d"$duration" ${WRK_SCRIPT:+-s "$WRK_SCRIPT"} -H "$auth" -H "X-End-User: alex" \
    "$@" "http://127.0.0.1:$port$path" > "$work/tp-$name.txt"
  printf '%-8s throughput (%s connections): %s req/s\n' "$name" "$connections" "$(awk '/Requests\/sec/{print $2}' "$work/tp-$name.txt")"
}
