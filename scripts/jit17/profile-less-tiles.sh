#!/usr/bin/env bash
# Deterministic check that C2 intrinsifies the streaming conv tiles (VectorStreamingConv's five,
# VectorPackedStreamingConv's, VectorDotStreamingConv's quad and single) without any type profile (the
# JDK 17 defect of the tier 2 -> tier 4 path, docs/live.md "The conv tile's tier-2 path"). Streams
# A1 standard for a second, then (HotSpot's WhiteBox API) throws away the tiles' code and
# profiles and has C2 compile them at once, with -XX:-UseTypeProfile so that no call site of the
# JDK's Vector API methods lends its receiver profile either. Prints the number of Vector API
# intrinsics that failed and of calls left virtual in the tiles' C2 compiles: 0 and 0 when the
# kernels are immune. The run as a whole stays slow (the other kernels still lean on profiles).
#
# Usage: scripts/jit17/profile-less-tiles.sh [JAVA [JAR]]   (JAR: benchmarks/target/benchmarks.jar)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java="${1:-java}"
jar="${2:-$here/../../benchmarks/target/benchmarks.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -nowarn --release 17 -d "$work/wb" "$here/whitebox/jdk/test/whitebox/WhiteBox.java"
javac -nowarn --release 17 -cp "$work/wb:$jar" -d "$work/cls" "$here/ProfileLessTiles.java"
nice -n 19 "$java" -XX:+UnlockDiagnosticVMOptions -XX:+WhiteBoxAPI -Xbootclasspath/a:"$work/wb" \
  -XX:-UseTypeProfile -XX:CompileCommand=quiet \
  -XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorStreamingConv::tile* \
  -XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorPackedStreamingConv::tile \
  -XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorDotStreamingConv::quad \
  -XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorDotStreamingConv::single \
  --add-modules jdk.incubator.vector -cp "$jar:$work/cls" ProfileLessTiles 1 \
  "${NAM:-/work/shared/nam/wavenet_a1_standard.nam}" exact VectorStreamingConv,VectorPackedStreamingConv,VectorDotStreamingConv 'tile.*|quad|single' \
  > "$work/log" 2>&1 || { tail -20 "$work/log"; exit 1; }
grep -E '^(profile-less|levels after)' "$work/log"
echo "failed intrinsics: $(grep -c 'failed to inline (intrinsic)' "$work/log" || true)," \
     "virtual calls: $(grep -c 'virtual call' "$work/log" || true)"
