#!/usr/bin/env bash
# Wall time from command start to the end of a `convstream process` job, with and without the
# launcher's class-data archive (docs/startup.md), on JDK 17 and JDK 25, interleaved round by
# round so both modes share the machine's load. Also the job's CPU time (user + sys, JVM and
# children), which a loaded machine disturbs less than wall time. Not a test: a measurement for
# BENCHMARKS.md ("Startup: class-data archive").
#
# usage: scripts/startup-times.sh MODEL.nam IR.wav INPUT.wav [ROUNDS]
# CHAIN="gain(db=-6)" replaces the chain (no model or IR warm-up: what is left is the JVM's start).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; ir="$2"; input="$3"; rounds="${4:-5}"
jdks=("/usr/lib/jvm/java-17-openjdk-amd64" "/usr/lib/jvm/temurin-25-jdk-amd64")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CONVSTREAM_CACHE_DIR="$work/cache"
chain="${CHAIN:-nam(model=$model) -> convolver(ir=$ir)}"

run() { # jdk cds -> "wall_ms cpu_ms"
  local start end
  start=$(date +%s%N)
  if ! JAVA_HOME="$1" CONVSTREAM_CDS="$2" /usr/bin/time -o "$work/time" -f '%U %S' \
      "$here/convstream" process "$input" "$work/out.wav" --chain "$chain" >/dev/null 2>"$work/err"; then
    cat "$work/err" >&2
    return 1
  fi
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(awk '{printf "%d", ($1 + $2) * 1000}' "$work/time")"
}

# Train each JDK's archive once (the first run with the archive on writes it).
for jdk in "${jdks[@]}"; do
  [ -x "$jdk/bin/java" ] && run "$jdk" 1 >/dev/null
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %-8s %s\n' jdk archive "wall ms / cpu ms per round"
declare -A rows
for ((r = 0; r < rounds; r++)); do
  for jdk in "${jdks[@]}"; do
    [ -x "$jdk/bin/java" ] || continue
    for cds in 1 0; do
      rows["$jdk $cds"]+="$(run "$jdk" "$cds" | tr ' ' '/') "
    done
  done
done
for jdk in "${jdks[@]}"; do
  for cds in 1 0; do
    [ -n "${rows["$jdk $cds"]:-}" ] && printf '%-28s %-8s %s\n' "$(basename "$jdk")" "$([ $cds = 1 ] && echo on || echo off)" "${rows["$jdk $cds"]}"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
