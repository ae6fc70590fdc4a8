#!/usr/bin/env bash
# The local run: embedded Kafka, local PostgreSQL and every apiguard app on this machine (see devstack/README.md).
# Builds what is missing first; --rebuild forces a build. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

rebuild=false
args=()
for arg in "$@"; do
  if [ "$arg" = "--rebuild" ]; then rebuild=true; else args+=("$arg"); fi
done

apps=(discovery-service logging-service posture-service detection-service enforcement-service sidecar)
devstack_jar=devstack/target/devstack-0.1.0-SNAPSHOT.jar
missing=false
for app in "${apps[@]}"; do
  [ -f "$app/target/quarkus-app/quarkus-run.jar" ] || missing=true
done
[ -f "$devstack_jar" ] && [ -d devstack/target/lib ] || missing=true

if $rebuild || $missing; then
  echo "Building apiguard (./mvnw -B -q install -DskipTests) ..."
  ./mvnw -B -q install -DskipTests
fi

# exec: Ctrl-C and SIGTERM reach the Java process, whose shutdown hook stops every child.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$devstack_jar:devstack/target/lib/*" io.apiguard.devstack.LocalStack ${args[@]+"${args[@]}"}
