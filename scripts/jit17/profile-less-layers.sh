#!/usr/bin/env bash
# Does a profile-less C2 compile of the JDK-internal leftovers of profile-less-kernels.sh cost
# time? Times peer cases d (Conv2d 64->64 56x56 3x3, Winograd) and f (ConvTranspose2d 64->32 k4 s2)
# before and after their kernel methods are recompiled with no profile (ProfileLessLayers.java),
# once with type profiles on and once with -XX:-UseTypeProfile (no call site lends a receiver
# profile), and counts the failed intrinsics / virtual calls of the forced compiles.
#
# Usage: scripts/jit17/profile-less-layers.sh [JAVA [JAR]]   env: CASES="d f", WARM=5, CALLS=400
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/driver-setup.sh" ProfileLessLayers "$@"
for c in ${CASES:-d f}; do
  case "$c" in
    d) print=(-XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorWinograd::*Transform) ;;
    *) print=(-XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorTransposedScatter::add*
              -XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorTransposedScatter::interleaveRow) ;;
  esac
  for mode in "+UseTypeProfile own" "+UseTypeProfile jdk" "-UseTypeProfile own"; do
    profile="${mode% *}"; reset="${mode#* }"
    nice -n 19 "$java" -XX:+UnlockDiagnosticVMOptions -XX:+WhiteBoxAPI -Xbootclasspath/a:"$work/wb" \
      -XX:$profile -XX:CompileCommand=quiet "${print[@]}" \
      --add-modules jdk.incubator.vector -cp "$jar:$work/cls" ProfileLessLayers \
      "$c" "${WARM:-5}" "${CALLS:-400}" "$reset" > "$work/log" 2>&1 || { tail -20 "$work/log"; exit 1; }
    echo "case $c -XX:$profile, profiles reset: $reset"
    grep -E '^(before|after|levels:|reset)' "$work/log" | sed 's/^/  /'
    sed -n '/^=== profile-less compile /,/^=== profile-less compiles end/p' "$work/log" \
      | awk -f "$here/count-inlining.awk" | sort | sed 's/^/  /'
  done
done
