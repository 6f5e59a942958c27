#!/usr/bin/env bash
# Checks the `convstream` launcher as a user meets it (run by .ci/run after each JDK's suite, on
# the jar that suite built): a `process` job trains the class-data archive, a second one maps it,
# and both leave stdout to the command (one "processed" line) and stderr free of the JVM's own
# announcements (the compiler-directives line that -XX:+DisplayVMOutputToStderr moves there,
# JDK 25's AOT-cache steps, the incubator warning). Also checks that the JVM really reads
# cli/jit/c2-exclusions.json (docs/startup.md, "C2's queue at start"), that help trains nothing,
# that a terminal gets the progress bar drawn in place, and that `live` trains the archive on
# both JDKs. Exits 1 on any failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CONVSTREAM_CACHE_DIR="$work/cache"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "launcher check on $("$java_bin" -version 2>&1 | head -1)"

python3 - "$work/in.wav" <<'PY'
import math, struct, sys, wave
w = wave.open(sys.argv[1], "wb")
w.setnchannels(1); w.setsampwidth(2); w.setframerate(48000)
w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(0.05 * i))) for i in range(12000)))
w.close()
PY

fail() { echo "launcher check FAILED: $*" >&2; exit 1; }

check_run() { # label [JAVA_OPTS]
  local label="$1"
  local rc=0
  CONVSTREAM_JAVA_OPTS="${2:-}" "$here/convstream" process "$work/in.wav" "$work/out.wav" --chain "gain(db=-6)" \
    >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" = 0 ] || { cat "$work/err" >&2; fail "$label: exit code $rc"; }
  [ "$(wc -l <"$work/out")" = 1 ] && grep -q '^processed 12000 frames' "$work/out" \
    || { cat "$work/out" >&2; fail "$label: stdout is not the one 'processed' line"; }
  [ -s "$work/out.wav" ] || fail "$label: no output file"
  rm -f "$work/out.wav"
}

noise='compiler directives added|AOTConfiguration|AOTCache|assemble AOT|WARNING: Using incubator'
check_run "first run (trains the archive)"
grep -Eq "$noise" "$work/err" && { cat "$work/err" >&2; fail "first run: JVM noise on stderr"; }
ls "$CONVSTREAM_CACHE_DIR"/convstream-jdk* >/dev/null 2>&1 || fail "first run: no archive written"
check_run "second run (maps the archive)"
grep -Eq "$noise" "$work/err" && { cat "$work/err" >&2; fail "second run: JVM noise on stderr"; }
# The JVM prints the directives it installed: the exclusions file must be among them.
check_run "directives" -XX:+CompilerDirectivesPrint
grep -q 'jdk/incubator/vector/\*\.\*OpTemplate' "$work/err" \
  || { cat "$work/err" >&2; fail "the JVM did not install cli/jit/c2-exclusions.json"; }

# A request for help trains nothing (an archive of the help's classes would serve the jobs badly).
rm -rf "$CONVSTREAM_CACHE_DIR"
"$here/convstream" process --help >/dev/null 2>"$work/err" || fail "process --help: exit code $?"
ls "$CONVSTREAM_CACHE_DIR"/convstream-jdk* >/dev/null 2>&1 && fail "process --help wrote an archive"

# On a terminal (a pseudo-terminal from util-linux's script), the progress bar is drawn in place
# through the launcher's stderr filter: the JVM's stderr is a pipe, so the launcher tells it
# (convstream.stderr.terminal), and the filter lets "\r" lines through as they are written.
if command -v script >/dev/null 2>&1; then
  script -qfec "$(printf '%q ' "$here/convstream" process "$work/in.wav" "$work/out.wav" --chain "gain(db=-6)")" \
    /dev/null >"$work/tty" 2>&1 </dev/null || { cat "$work/tty" >&2; fail "process on a terminal: exit code $?"; }
  grep -q $'\r\[' "$work/tty" || { cat -A "$work/tty" >&2; fail "process on a terminal: no progress bar drawn"; }
  grep -Eq "$noise" "$work/tty" && { cat "$work/tty" >&2; fail "process on a terminal: JVM noise"; }
  rm -f "$work/out.wav"
else
  echo "launcher check: no 'script' command (util-linux): the terminal check is skipped"
fi

# live trains the archive too, on both JDKs (JDK 25 records the run, then assembles the cache),
# with its output clean. Needs a sound card (CI's virtual one); without one (exit code 3) skipped.
rm -rf "$CONVSTREAM_CACHE_DIR"
rc=0
"$here/convstream" live --seconds=1 --chain "gain(db=-6)" >"$work/out" 2>"$work/err" </dev/null || rc=$?
if [ "$rc" = 3 ]; then
  echo "launcher check: no audio device: the live check is skipped"
else
  [ "$rc" = 0 ] || { cat "$work/err" >&2; fail "live: exit code $rc"; }
  grep -q '^live: stopped after' "$work/out" || { cat "$work/out" >&2; fail "live: no closing line on stdout"; }
  grep -Eq "$noise" "$work/out" "$work/err" && { cat "$work/out" "$work/err" >&2; fail "live: JVM noise"; }
  ls "$CONVSTREAM_CACHE_DIR"/convstream-jdk* >/dev/null 2>&1 || fail "live: no archive written"
  ls "$CONVSTREAM_CACHE_DIR" | grep -q 'tmp$\|conf$' && fail "live: a temporary file left in the cache"
fi
echo "launcher check passed"
