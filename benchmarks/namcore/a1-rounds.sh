#!/bin/bash
# NAM A1 standard against NAM core in the same rounds (the figures of README.md's A1 row and of
# BENCHMARKS.md's A1 sections since session 33). Per round: NAM core's harness (exact and fast
# tanh, built by build.sh), then each jar's StreamingCpuTime on JDK 17 and JDK 25, exact and fast,
# blocks of 64; best and median ns per sample by thread CPU time. Ratio = NAM core's fast tanh /
# convstream, best against best in the same round. Stop other work (and PulseAudio) first.
# Usage: benchmarks/namcore/a1-rounds.sh ROUNDS JAR... (JAR: a benchmarks.jar)
set -e
here="$(cd "$(dirname "$0")" && pwd)"
bench="${NAMCORE_BENCH:-$here/../target/namcore/bench}"
model="${A1_MODEL:-$here/../../cli/src/test/resources/dev/convstream/cli/wavenet_a1_standard.nam}"
jdk25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$bench" ] || { echo "no NAM core harness at $bench: run $here/build.sh first" >&2; exit 1; }
rounds=$1
shift
for ((r = 1; r <= rounds; r++)); do
  echo "== round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  # cpu mode times its own signal; the input file argument is not read
  "$bench" cpu "$model" - 5 | grep -v sink | sed 's/^/core /'
  for jar in "$@"; do
    for java in java "$jdk25/bin/java"; do
      jdk=17
      [ "$java" = java ] || jdk=25
      for tanh in exact fast; do
        echo -n "$(basename "$jar") jdk$jdk "
        "$java" --add-modules jdk.incubator.vector -cp "$jar" dev.convstream.bench.StreamingCpuTime 5 64 "$model" "$tanh" \
          2> /dev/null | grep ns/sample | sed "s#$model#$(basename "$model")#"
      done
    done
  done
done
