#!/usr/bin/env bash
# The local run: embedded Kafka, local PostgreSQL and every apiguard app on this machine (devstack/README.md).
# Builds first when an app or the devstack is not built yet; --rebuild builds in any case. Ctrl-C stops everything.
# Usage: ./run-local.sh [--rebuild] [--help] [devstack options: --kafka-port N, --pg-host H, --pg-port N, ...]
set -euo pipefail
cd "$(dirname "$0")"

rebuild=false
args=()
for arg in "$@"; do
  if [ "$arg" = "--rebuild" ]; then rebuild=true; else args+=("$arg"); fi
done

devstack_jar=devstack/target/devstack-0.1.0-SNAPSHOT.jar
missing=false
for app in discovery-service logging-service posture-service detection-service enforcement-service sidecar; do
  [ -f "$app/target/quarkus-app/quarkus-run.jar" ] || missing=true
done
{ [ -f "$devstack_jar" ] && [ -d devstack/target/lib ]; } || missing=true

if $rebuild || $missing; then
  echo "Building apiguard: ./mvnw -B -q install -DskipTests ..."
  ./mvnw -B -q install -DskipTests
fi

java="java"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi

# exec: the JVM replaces this shell, so Ctrl-C and SIGTERM reach it directly and its shutdown hook stops every app.
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m \
  -cp "$devstack_jar:devstack/target/lib/*" io.apiguard.devstack.LocalStack ${args[@]+"${args[@]}"}
