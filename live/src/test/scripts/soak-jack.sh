#!/usr/bin/env bash
# The JACK soak: NAM's A1 standard model and a cabinet IR on the dummy JACK server (48 kHz, 64
# frames unless JACK_DUMMY_RATE/JACK_DUMMY_PERIOD say otherwise) for 10 minutes, fed by
# jack_metro (a 110 Hz tone burst four times a second), printing xruns, callback load p50/p99/max
# and peak levels. Not part of .ci/run (it takes the minutes it is asked for).
#
#   soak-jack.sh [--seconds 600] [--model PATH] [--ir PATH]
#
# Starts its own dummy server (jack-dummy.sh, named convstream-soak, with realtime scheduling as
# a player's machine has: JACK_DUMMY_REALTIME=0 for none) and stops it at the end. Builds the live module and its test classes with Maven (offline if the
# dependencies are already there). Exit status: 0 with zero xruns, 1 otherwise.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../../.." && pwd)"
SCRIPTS="$ROOT/live/src/test/scripts"
SECONDS_TO_RUN=600
# NAM's A1 standard WaveNet (the copy the CLI tests use; the same file as shared/nam's).
MODEL="$ROOT/cli/src/test/resources/dev/convstream/cli/wavenet_a1_standard.nam"
IR_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_TO_RUN="$2"; shift 2 ;;
    --model) MODEL="$2"; shift 2 ;;
    --ir) IR_ARGS=(--ir "$2"); shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--model PATH] [--ir PATH]" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d)"
METRO_PID=""
# The server logs each xrun with its cause (JACK_DUMMY_LOG_XRUNS), counted at the end.
export JACK_DUMMY_NAME=convstream-soak JACK_DUMMY_REALTIME="${JACK_DUMMY_REALTIME:-1}" JACK_DUMMY_LOG_XRUNS=1
JACKD_LOG="${TMPDIR:-/tmp}/convstream-soak/jackd.log"
cleanup() {
  if [ -n "$METRO_PID" ]; then kill "$METRO_PID" 2>/dev/null || true; fi
  bash "$SCRIPTS/jack-dummy.sh" stop || true
  rm -rf "$WORK"
}
trap cleanup EXIT

bash "$SCRIPTS/jack-dummy.sh" start
eval "$(bash "$SCRIPTS/jack-dummy.sh" env)"

cd "$ROOT"
OFFLINE=-o
mvn $OFFLINE -B -ntp -q -pl live -am test-compile >/dev/null 2>&1 || OFFLINE=""
if ! mvn $OFFLINE -B -ntp -q -pl live -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >"$WORK/mvn.log" 2>&1; then
  cat "$WORK/mvn.log" >&2
  exit 1
fi
CP="$ROOT/live/target/test-classes:$ROOT/live/target/classes:$(cat "$WORK/cp.txt")"

jack_metro --name soak-metro --bpm 240 --frequency 110 --amplitude 0.5 --duration 200 >/dev/null 2>&1 &
METRO_PID=$!
for _ in $(seq 1 50); do
  jack_lsp 2>/dev/null | grep -q '^soak-metro:' && break
  sleep 0.1
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== JDK: $(java -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "== JACK: $(jackd --version 2>/dev/null | head -1), dummy server $JACK_DEFAULT_SERVER, realtime=$JACK_DUMMY_REALTIME"
set +e
java ${SOAK_JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$CP" dev.convstream.live.JackSoak \
  --model "$MODEL" "${IR_ARGS[@]}" --in soak-metro --seconds "$SECONDS_TO_RUN" --report-every "${SOAK_REPORT_EVERY:-60}" 2>&1 \
  | grep --line-buffered -v -E '^WARNING: (Using incubator modules|A restricted method|java.lang.System::load|Use --enable-native-access|Restricted methods will be blocked)'
STATUS=${PIPESTATUS[0]}
set -e
# Who was late, by the server's log: the dummy driver's own timer waking late (the machine, not
# a client), or the graph (some client) not finishing within the period.
echo "== server log: driver woke late $(grep -c 'JackTimedDriver::Process XRun' "$JACKD_LOG" || true) times" \
  "(by $(grep -o 'XRun = [0-9]* usec' "$JACKD_LOG" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {if (NR) printf "%s to %s usec, median %s", a[1], a[NR], a[int((NR+1)/2)]; else printf "-"}')); " \
  "graph not finished in time $(grep -c 'ProcessGraphSync: SuspendRefNum error' "$JACKD_LOG" || true) times"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$STATUS"
