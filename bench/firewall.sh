#!/usr/bin/env bash
# The firewall side by side (issue 16): the sidecar, with a signed rule set blocking on every built-in payload
# signature, beside nginx + ModSecurity v3 + the OWASP CRS at paranoia level 1 (Debian's packages, blocking, anomaly
# threshold 5: the CRS defaults), in front of the same upstream, same run, same load tool (wrk). One table, printed and
# written to bench/target/firewall-figures.md:
#   - detection: the CRS regression corpus (bench/src/main/resources/crs/README.md), blocked (403) per attack category
#     and payload location; false positives on honest JSON API traffic (generated, the same every run);
#   - speed, inspection off: sidecar vs nginx as a plain reverse proxy, same worker count: throughput, and p99 added at
#     a paced 1,000 req/s to calling the upstream directly;
#   - speed with a 1 KB JSON POST body: sidecar (signatures on) vs nginx + ModSecurity + CRS: throughput and p99.
#   bench/firewall.sh [--quick] [--duration 20s] [--connections 64] [--workers N]
# --quick: every 10th attack, 300 honest calls, 5 s per wrk run (a smoke run). Needs:
#   apt-get install -y nginx libnginx-mod-http-modsecurity modsecurity-crs wrk
# SIDECAR_CONFIG: extra -D options for the sidecar (e.g. inspection settings); the defaults are used otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=20s; connections=64; workers=$(nproc); every=1; honest=3000; warmup=${WARMUP:-30s}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) every=10; honest=300; duration=5s; warmup=${WARMUP:-10s}; shift ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) echo "usage: bench/firewall.sh [--quick] [--duration 20s] [--connections 64] [--workers N]" >&2; exit 2 ;;
  esac
done
modsecurity_module=/usr/lib/nginx/modules/ngx_http_modsecurity_module.so
crs_rules=/usr/share/modsecurity-crs/rules
command -v wrk >/dev/null && command -v nginx >/dev/null && [ -f $modsecurity_module ] && [ -d $crs_rules ] || {
  echo "needs: apt-get install -y nginx libnginx-mod-http-modsecurity modsecurity-crs wrk" >&2; exit 1; }
jar=bench/target/bench-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] && [ -d bench/target/lib ] && [ -f sidecar/target/quarkus-app/quarkus-run.jar ] ||
  ./mvnw -B -q package -DskipTests -pl bench -am
cp="$jar:bench/target/lib/*"

# The attack corpus: made from a CRS checkout when it is not there yet (see bench/src/main/resources/crs/README.md).
attacks=${CRS_CORPUS:-bench/src/main/resources/crs/crs-attacks.jsonl}
if [ ! -f "$attacks" ]; then
  [ -n "${CRS_CHECKOUT:-}" ] || { echo "no attack corpus at $attacks: set CRS_CHECKOUT to a coreruleset checkout (a work tree or a git directory) to make it, see bench/src/main/resources/crs/README.md" >&2; exit 1; }
  crs=$CRS_CHECKOUT
  if [ -d "$crs/tests/regression/tests" ]; then
    source="coreruleset $(git -C "$crs" describe --tags 2>/dev/null || echo '(version unknown)')"
  else # a git directory: its newest commit's rules and tests
    source="coreruleset $(git --git-dir="$CRS_CHECKOUT" describe --tags) ($(git --git-dir="$CRS_CHECKOUT" log -1 --format=%cs))"
    crs=$(mktemp -d /tmp/apiguard-crs.XXXX)
    git --git-dir="$CRS_CHECKOUT" archive HEAD rules tests/regression/tests | tar -x -C "$crs"
  fi
  java -cp "$cp" io.apiguard.bench.firewall.CrsCorpusConverter --crs "$crs" --out "$attacks" --source "$source"
  [ "$crs" = "$CRS_CHECKOUT" ] || rm -rf "$crs"
fi

source bench/sidecar/stack.sh
stack_init apiguard-firewall-bench
trap stack_stop EXIT
modsecurity=$((${STACK_PORT_BASE:-18080} + 3))
# ModSecurity as Debian configures it (/etc/nginx/modsecurity.conf: request bodies read, JSON and XML parsed), turned
# from detection-only to blocking, without the audit log; then the CRS as Debian's owasp-crs.load includes it, with
# Debian's crs-setup.conf (paranoia level 1, inbound anomaly threshold 5), in plain Includes (libmodsecurity 3 has no
# IncludeOptional). One setting differs from the CRS defaults, as crs-setup.conf asks of an API's operator: the
# methods a JSON API uses (PUT, PATCH, DELETE) are allowed, else rule 911100 blocks every honest update.
cat > "$work/modsecurity.conf" <<CONF
Include /etc/nginx/modsecurity.conf
SecRuleEngine On
SecAuditEngine Off
SecStatusEngine Off
Include /etc/modsecurity/crs/crs-setup.conf
SecAction "id:900200,phase:1,nolog,pass,t:none,setvar:'tx.allowed_methods=GET HEAD POST OPTIONS PUT PATCH DELETE'"
Include /etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf
Include $crs_rules/*.conf
Include /etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf
CONF
NGINX_WORKERS=$workers NGINX_MAIN_EXTRA="load_module $modsecurity_module;" NGINX_HTTP_EXTRA="  server { listen 127.0.0.1:$modsecurity; modsecurity on; modsecurity_rules_file $work/modsecurity.conf; location / { proxy_pass http://api; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }" \
  stack_start_nginx
java -cp "$cp" io.apiguard.bench.firewall.BenchRuleSet --dir "$work/rules" --audience bench/firewall
# the signed set is the sidecar's state file, installed at start; no enforcement-service, so no control plane
stack_start_sidecar -Dapiguard.sidecar.event-loops="$workers" \
  -Dapiguard.sidecar.enforcement.verification-keys-dir="$work/rules/keys/public" \
  -Dapiguard.sidecar.enforcement.state-file="$work/rules/rule-set.jws" \
  -Dapiguard.sidecar.enforcement.namespace=bench -Dapiguard.sidecar.enforcement.pod=firewall \
  -Dapiguard.sidecar.enforcement.control-plane=false ${SIDECAR_CONFIG:-}
started_at_line=$(wc -l < "$work/sidecar.log") # warnings counted from here: under load, not at start

attacks_sent=$([ "$every" = 1 ] && echo "all attacks" || echo "every ${every}th attack")
echo "detection: the CRS corpus ($attacks_sent) and $honest honest calls to each firewall ..."
java -cp "$cp" io.apiguard.bench.firewall.FirewallBenchmark --attacks "$attacks" --every "$every" --honest "$honest" \
  --target sidecar=127.0.0.1:$sidecar --target modsecurity=127.0.0.1:$modsecurity --out "$work/detection.json"

# Speed. A 1 KB JSON body of the honest kind (bench/sidecar/post-1k.json), POSTed by wrk (paced when PAUSE_MS is set).
cp bench/sidecar/post-1k.json "$work/post.json"
export BODY_FILE=$work/post.json
path=/accounts/1044/statements
for port in $sidecar $modsecurity; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$work/post.json" "http://127.0.0.1:$port$path")
  [ "$status" = 200 ] || { echo "the honest 1 KB POST got $status from port $port: the POST figures would measure refusals" >&2; exit 1; }
done
load=$(cut -d' ' -f1-3 /proc/loadavg) # other work on the machine shows in the latencies
echo "warming up the sidecar (JIT) ..."
wrk -t2 -c32 -d"$warmup" -H "$auth" "http://127.0.0.1:$sidecar$path" > /dev/null
wrk -t2 -c32 -d"$warmup" -s bench/sidecar/post.lua "http://127.0.0.1:$sidecar$path" > /dev/null
stack_latency get-direct $upstream $path
stack_latency get-nginx $nginx_proxy $path
stack_latency get-sidecar $sidecar $path
stack_throughput get-nginx $nginx_proxy $path
stack_throughput get-sidecar $sidecar $path
export WRK_SCRIPT=bench/sidecar/post.lua
stack_latency post-direct $upstream $path
stack_latency post-modsecurity $modsecurity $path
stack_latency post-sidecar $sidecar $path
stack_throughput post-modsecurity $modsecurity $path
stack_throughput post-sidecar $sidecar $path
unset WRK_SCRIPT

{
  echo "workers=$workers"; echo "connections=$connections"; echo "duration=$duration"
  echo "crs=nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') + ModSecurity $(dpkg-query -W -f='${Version}' libmodsecurity3 2>/dev/null) + CRS $(dpkg-query -W -f='${Version}' modsecurity-crs 2>/dev/null), paranoia level 1, anomaly threshold 5"
  echo "corpus=the regression tests of $(cat "${attacks%.jsonl}.source" 2>/dev/null || echo 'the CRS'), $attacks_sent, $honest honest calls"
  for f in "$work"/lat-*.txt; do
    name=$(basename "$f" .txt); name=${name#lat-}; key=${name%%-*}.${name#*-}
    echo "$key.p99=$(awk '$1=="99%"{print $2}' "$f")"; echo "$key.rps=$(awk '/Requests\/sec/{print $2}' "$f")"
  done
  for f in "$work"/tp-*.txt; do
    name=$(basename "$f" .txt); name=${name#tp-}; key=${name%%-*}.${name#*-}
    echo "$key.tput=$(awk '/Requests\/sec/{print $2}' "$f")"
  done
  warnings=$(tail -n +$((started_at_line + 1)) "$work/sidecar.log" | grep ' WARN ' || true)
  echo "sidecar.warnings=$(printf '%s' "$warnings" | grep -c . || true) $(printf '%s' "$warnings" | sed -n 's/.* WARN  *\[\([^]]*\)\].*/\1/p' | sort | uniq -c | awk '{printf "%s%s x%s", (NR>1?", ":"("), $2, $1} END {if (NR) print ")"}')"
  echo "load=$load"
} > "$work/speed.properties"
java -cp "$cp" io.apiguard.bench.firewall.FirewallReport --detection "$work/detection.json" \
  --speed "$work/speed.properties" --out bench/target/firewall-figures.md
echo "raw output (wrk, sidecar log, detection.json): $work"
