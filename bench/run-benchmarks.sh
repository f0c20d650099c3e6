#!/bin/sh
# Runs Cairn's JMH suite and regenerates docs/benchmarks.md from its JSON output.
#
#   bench/run-benchmarks.sh                    # every benchmark
#   bench/run-benchmarks.sh 'bench\.stack\.'   # only those whose name matches the regex
#
# Extra JMH options go in JMH_OPTS (for example JMH_OPTS="-f 2 -wi 5"). The suite runs with
# -foe true (a failing benchmark fails the run), -prof gc (heap bytes per operation) and JSON
# output, on the JDK 25 that ./mvnw selects, with the flags FFM and JMH need on JDK 25.
set -eu
cd "$(dirname "$0")/.."
. ./.mvn/select-jdk.sh
./mvnw -q -pl bench -am package -DskipTests
java="$JAVA_HOME/bin/java"
flags="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
filter="${1:-.*}"
json=bench/target/jmh-result.json
command="java $flags -jar bench/target/benchmarks.jar '$filter' -foe true -prof gc -rf json -rff $json ${JMH_OPTS-}"
load_before=$(uptime)
# shellcheck disable=SC2086
"$java" $flags -jar bench/target/benchmarks.jar "$filter" -foe true -prof gc -rf json -rff "$json" ${JMH_OPTS-}
load_after=$(uptime)
"$java" -cp bench/target/benchmarks.jar dev.cairn.bench.report.BenchmarkReport \
    --json "$json" --out docs/benchmarks.md \
    --command "bench/run-benchmarks.sh '$filter'   # runs: $command" \
    --load-before "$load_before" --load-after "$load_after"
