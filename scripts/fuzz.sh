#!/usr/bin/env bash
# A fuzzing campaign of one harness: Jazzer in fuzz mode (JAZZER_FUZZ=1) for SECONDS, one
# harness per JVM (Jazzer fuzzes one test per run). Findings land in the harness's inputs folder
# (src/test/resources/<package>/<Harness>Inputs/<method>/crash-*), where every later `mvn
# verify` replays them; the generated corpus stays in <module>/.cifuzz-corpus (not committed).
# The libFuzzer summary (executions, cov, ft) is in <module>/target/fuzz-<Harness>.log.
#
# Run campaigns on JDK 17 (the default java). On JDK 25 Jazzer 0.24.0 fuzzes convstream's classes
# (compiled for 17) but cannot instrument the JDK's own (class file version 69: it prints a stack
# trace per class), so Java Sound's readers run without coverage feedback there. Regression mode
# (`mvn verify`) runs on both.
#
# Usage: scripts/fuzz.sh HARNESS [SECONDS]     e.g. scripts/fuzz.sh NamLoaderFuzzTest 600
#        scripts/fuzz.sh --list
set -euo pipefail
cd "$(dirname "$0")/.."

HARNESSES="conv-core:NamLoaderFuzzTest conv-core:RtNeuralLoaderFuzzTest conv-core:CnnArchitectureFuzzTest
conv-core:SafeTensorsFuzzTest conv-core:NpyFuzzTest audio-io:AudioFileReaderFuzzTest audio-io:WavInfoFuzzTest
plugins/convolver:ImpulseResponseReaderFuzzTest plugins/host:ChainParserFuzzTest plugins/host:ChainJsonFuzzTest
capture:CaptureSignalFuzzTest"

if [ "${1:-}" = "--list" ] || [ $# -lt 1 ]; then
  for h in $HARNESSES; do echo "${h#*:}  (${h%%:*})"; done
  [ $# -lt 1 ] && { echo "usage: $0 HARNESS [SECONDS]" >&2; exit 2; }
  exit 0
fi
harness=$1
seconds=${2:-600}
module=
for h in $HARNESSES; do
  [ "${h#*:}" = "$harness" ] && module=${h%%:*}
done
[ -n "$module" ] || { echo "fuzz.sh: unknown harness '$harness' (see --list)" >&2; exit 2; }

mkdir -p "$module/target"
log="$module/target/fuzz-$harness.log"
echo "fuzzing $harness ($module) for ${seconds}s; log: $log"
# -am builds what the module needs; only the named test runs (in fuzz mode).
# jazzer-junit 0.24.0 reads the campaign's length only from @FuzzTest(maxDuration), not from a
# property; libFuzzer arguments given as JUnit configuration parameters (jazzer.internal.arg.N,
# argv[0] first) come after it, and libFuzzer takes the last -max_total_time. Coverage is
# collected over all of convstream's classes (by default Jazzer instruments only the harness's
# own package).
JAZZER_FUZZ=1 mvn -o -B -ntp -pl "$module" -am verify \
  -Dtest="$harness" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.instrument="dev.convstream.**" -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" >"$log" 2>&1 && status=0 || status=$?
# libFuzzer's last status line: executions, coverage (cov) and features (ft).
grep -E '^#[0-9]+' "$log" | tail -1 || true
grep -E 'DONE|Done [0-9]+ runs|FuzzTestFinding|crash-' "$log" | tail -5 || true
exit $status
