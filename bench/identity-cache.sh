#!/usr/bin/env bash
# Sidecar identity resolution per call with 1 million distinct junk credentials mixed into honest traffic (a few
# hundred recurring RS256 tokens and API keys): before (the old cache, kept in the benchmark as the baseline) and after
# (Caffeine W-TinyLFU keyed by a SHA-256), same run. A hand-rolled harness like bench/enforcement.sh
# (io.apiguard.bench.sidecar.IdentityCacheBench), in a JVM of its own (full JIT and the image's ParallelGC, not
# Maven's C1-only JVM). Arguments go to the benchmark, e.g.
# `bench/identity-cache.sh --junk 1000000 --jwts 200 --api-keys 100 --junk-every 2`; Maven options in MAVEN_ARGS,
# JVM options in JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
classpath=bench/target/sidecar-bench-classpath.txt
./mvnw -B -q -pl bench -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/$classpath"
exec java -XX:+UseParallelGC -Xms2g -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${JAVA_OPTS:-} \
  -cp "bench/target/classes:$(cat "$classpath")" \
  io.apiguard.bench.sidecar.IdentityCacheBench "$@"
