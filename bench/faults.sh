#!/usr/bin/env bash
# The end-to-end suite and its faults, timed (e2e/README.md): the whole e2e module as CI runs it, or one fault held
# longer under load, e.g. the issue's "kill -9 of logging-service while 3,000 calls go through the sidecar over two
# minutes": bench/faults.sh --fault killLoggingService --rate 25 --seconds-around 60
# Prints each fault's calls sent, forwarded, stored, lost and duplicated (e2e/target/fault-figures.md) and the time.
set -euo pipefail
cd "$(dirname "$0")/.."

fault=""
rate=25
around=3
while [ $# -gt 0 ]; do
  case "$1" in
    --fault) fault="#$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --seconds-around) around="$2"; shift 2 ;;
    *) echo "usage: bench/faults.sh [--fault FaultsIT method] [--rate calls/s] [--seconds-around S]" >&2; exit 2 ;;
  esac
done

tests="LadderIT,FaultsIT"
[ -n "$fault" ] && tests="FaultsIT$fault"
started=$(date +%s)
./mvnw -B -q -pl e2e -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="$tests" \
  -Dapiguard.e2e.load-rate="$rate" -Dapiguard.e2e.load-seconds-around="$around"
echo "e2e ($tests, $rate calls/s, ${around}s around each fault): $(( $(date +%s) - started )) s including the build"
cat e2e/target/fault-figures.md 2>/dev/null || true
