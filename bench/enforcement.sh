#!/usr/bin/env bash
# Level 5 benchmark: sidecar rule evaluation with 10,000 active rules (target: under 5 us per call).
# A hand-rolled harness with warm-up (io.apiguard.bench.sidecar.RuleEvaluationBench), in a JVM of its own (full JIT);
# prints ns per call and the single-call latency distribution. Arguments go to the benchmark (`--no-signatures`
# leaves out the payload-signature rules that run on every call); Maven options in MAVEN_ARGS, JVM options in
# JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
classpath=bench/target/sidecar-bench-classpath.txt
./mvnw -B -q -pl bench -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/$classpath"
exec java -XX:+UseParallelGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${JAVA_OPTS:-} \
  -cp "bench/target/classes:$(cat "$classpath")" \
  io.apiguard.bench.sidecar.RuleEvaluationBench "$@"
