#!/usr/bin/env bash
# The sidecar's positive model: cost per call of validating a ~1 KB JSON POST against its spec operation (JMH,
# io.apiguard.bench.sidecar.SpecValidationBenchmark: average time and p50/p99 in sample mode), beside three payload
# signatures over the same call. Arguments go to JMH (e.g. `-wi 2 -i 3`); Maven options in MAVEN_ARGS.
# Only the sidecar and what it needs are built (not the whole bench module, whose services' test-jars need a package
# run): the benchmark is compiled on its own with JMH's annotation processor into bench/target/spec-bench.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/target/spec-bench
classpath=$out/classpath.txt
mkdir -p "$out/classes"
./mvnw -B -q ${MAVEN_ARGS:-} -pl sidecar -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dspotless.check.skip=true -Dmdep.outputFile="$PWD/$classpath"
jmh_version=$(sed -n 's:.*<jmh.version>\(.*\)</jmh.version>.*:\1:p' pom.xml)
repo=${MAVEN_REPO:-$HOME/.m2/repository}/org/openjdk/jmh
jmh="$repo/jmh-core/$jmh_version/jmh-core-$jmh_version.jar"
processor="$repo/jmh-generator-annprocess/$jmh_version/jmh-generator-annprocess-$jmh_version.jar"
[ -f "$jmh" ] && [ -f "$processor" ] || ./mvnw -B -q ${MAVEN_ARGS:-} -pl bench dependency:resolve >/dev/null
deps="sidecar/target/classes:common/target/classes:$(cat "$classpath"):$jmh:$(ls "$repo"/../../apache/commons/commons-math3/*/commons-math3-*.jar | head -1):$(ls "$repo"/../../../net/sf/jopt-simple/jopt-simple/*/jopt-simple-*.jar | head -1)"
javac -nowarn -d "$out/classes" -cp "$deps" -processorpath "$processor:$jmh" \
  bench/src/main/java/io/apiguard/bench/sidecar/SpecValidationBenchmark.java
exec java -cp "$out/classes:$deps" org.openjdk.jmh.Main SpecValidationBenchmark "$@"
