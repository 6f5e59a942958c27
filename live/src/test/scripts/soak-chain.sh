#!/usr/bin/env bash
# The chain soak: one hour (by default) of generated guitar (plucked strings) at 48 kHz through
# `nam -> convolver -> gain`, in random blocks of 1 to 4096 frames, as fast as the machine goes
# (no audio device, not real time), while a control thread changes parameters and swaps models
# and impulse responses every 2 to 6 s of audio time; a second chain replays the same input and
# the same changes at the same block boundaries in one thread and the outputs are compared.
# Checks: equal output (tolerance 1e-6), no NaN/Inf out of any plugin, zero allocation in every
# audio-thread process call, heap used after GC flat (sampled every minute of audio), every swap
# click-free. See live/src/test/java/dev/convstream/live/ChainSoak.java and RELIABILITY.md, "Soak".
# Not part of .ci/run (an hour of audio takes a while on 2 cores).
#
#   soak-chain.sh [--minutes 60] [--seed 1] [--models A.nam,B.nam,...]
#
# Models: wavenet_a1_standard.nam, wavenet.nam and lstm.nam (version 0.5) from shared/nam, or two generated
# WaveNets when shared/ is absent. Needs about 1.5 GB of heap per hour of audio (input and output
# are kept whole): SOAK_JAVA_OPTS sets JVM options (default -Xmx4g). Builds the live module and
# its test classes with Maven (offline if the dependencies are already there).
# Exit status: 0 when every check holds, 1 otherwise, 2 on bad usage.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
OFFLINE=-o
mvn $OFFLINE -B -ntp -q -pl live -am test-compile -DskipTests >/dev/null 2>&1 || OFFLINE=""
if ! mvn $OFFLINE -B -ntp -q -pl live -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >"$WORK/mvn.log" 2>&1; then
  cat "$WORK/mvn.log" >&2
  exit 1
fi
CP="$ROOT/live/target/test-classes:$ROOT/live/target/classes:$(cat "$WORK/cp.txt")"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== JDK: $(java -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC')"
START=$(date +%s)
set +e
java ${SOAK_JAVA_OPTS:--Xmx4g} --add-modules jdk.incubator.vector -cp "$CP" dev.convstream.live.ChainSoak "$@" 2>&1 \
  | grep --line-buffered -v -E '^WARNING: Using incubator modules'
STATUS=${PIPESTATUS[0]}
set -e
echo "== wall time $(( $(date +%s) - START )) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
exit "$STATUS"
