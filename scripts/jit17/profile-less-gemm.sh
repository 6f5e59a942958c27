#!/usr/bin/env bash
# Deterministic check that C2 intrinsifies VectorGemm's micro-kernels (kernel3Rows, kernel1,
# kernel3Direct, kernel1Direct) and packB without any type profile: the JDK 17 defect of the
# tier 2 -> tier 4 path (docs/live.md "The conv tile's tier-2 path"), as profile-less-kernels.sh
# checks it for the other kernels. Runs every GEMM path for a while, then (HotSpot's WhiteBox
# API) throws away those methods' code and profiles and has C2 compile them at once, with
# -XX:-UseTypeProfile so that no call site of the JDK's Vector API methods lends its receiver
# profile either. Prints the number of Vector API intrinsics that failed and of calls left
# virtual in those C2 compiles (0 and 0 when the kernels are immune), and 256^3 GFLOP/s before
# and after (the other kernels' speed moves with the flag; compare only after against before).
#
# Usage: scripts/jit17/profile-less-gemm.sh [JAVA [JAR]]   (JAR: benchmarks/target/benchmarks.jar)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/driver-setup.sh" ProfileLessGemm "$@"
nice -n 19 "$java" -XX:+UnlockDiagnosticVMOptions -XX:+WhiteBoxAPI -Xbootclasspath/a:"$work/wb" \
  -XX:-UseTypeProfile -XX:CompileCommand=quiet \
  -XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorGemm::kernel* \
  -XX:CompileCommand=PrintInlining,dev.convstream.kernel.VectorGemm::packB \
  --add-modules jdk.incubator.vector -cp "$jar:$work/cls" ProfileLessGemm "${SECONDS_PER_PHASE:-3}" \
  > "$work/log" 2>&1 || { tail -20 "$work/log"; exit 1; }
grep -E '^(before|after|profile-less|levels after)' "$work/log"
echo "failed intrinsics: $(grep -c 'failed to inline (intrinsic)' "$work/log" || true)," \
     "virtual calls: $(grep -c 'virtual call' "$work/log" || true)"
if [ -n "${KEEP_LOG:-}" ]; then cp "$work/log" "$KEEP_LOG"; fi
