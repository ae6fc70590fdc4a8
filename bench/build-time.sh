#!/usr/bin/env bash
# Times ./mvnw -B verify twice: cold (a fresh, empty local Maven repository: every dependency downloaded) and warm
# (the same repository again). Prints the two wall-clock times. Takes a while; run on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(mktemp -d /tmp/apiguard-cold-m2-XXXXXX)
trap 'rm -rf "$repo"' EXIT
run() {
  local label=$1 start end
  start=$(date +%s)
  ./mvnw -B -q -Dmaven.repo.local="$repo" clean verify > "/tmp/apiguard-build-$label.log" 2>&1
  end=$(date +%s)
  echo "$label: $((end - start)) s (log: /tmp/apiguard-build-$label.log)"
}
run cold
run warm
