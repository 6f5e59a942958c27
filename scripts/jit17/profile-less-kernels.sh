#!/usr/bin/env bash
# Deterministic check that C2 intrinsifies the hot Vector API kernels without any type profile
# (the JDK 17 defect of the tier 2 -> tier 4 path, docs/live.md "The conv tile's tier-2 path").
# Runs each kernel once the way the library does (ProfileLessKernels.java), then (HotSpot's
# WhiteBox API) throws away the kernels' code and profiles and has C2 compile them at once, with
# -XX:-UseTypeProfile so that no call site of the JDK's Vector API methods lends its receiver
# profile either. Prints, per class, the Vector API intrinsics that failed and the calls left
# virtual in those compiles: 0 and 0 when the kernel is immune. Covers everything the WaveNet /
# LSTM / FIR / convolver paths and the peer cases run hot, except VectorGemm (another branch's).
# Exits 1 when a method other than the known JDK-internal leftovers has a failed intrinsic or a
# call left virtual.
#
# Usage: scripts/jit17/profile-less-kernels.sh [JAVA [JAR]]   (JAR: benchmarks/target/benchmarks.jar)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/driver-setup.sh" ProfileLessKernels "$@"
specs=(
  'VectorElementwiseMath:.*Vectors?|fastTanhAddInto'
  'VectorRowDots:tile.*|lanes'
  'VectorDepthwise:narrow|block.*'
  'VectorDepthwise3x3:quads.*|singles.*|dilatedMasked|strip'
  'VectorStreamingConv:tile.*'
  'VectorPackedStreamingConv:tile.*'
  'VectorPackedPointwise:tile.*'
  'VectorSmallLstm$VectorCell:run.'
  'VectorTransposedScatter:add.|interleaveRow'
  'VectorWinograd:inputTransform|outputTransform'
  ${EXTRA_SPECS:-}
)
print=()
for s in "${specs[@]}"; do
  cls="${s%%:*}"; re="${s#*:}"
  for m in $(echo "$re" | tr '|' ' '); do
    print+=("-XX:CompileCommand=PrintInlining,dev.convstream.kernel.${cls}::${m//.\*/*}")
  done
done
nice -n 19 "$java" -XX:+UnlockDiagnosticVMOptions -XX:+WhiteBoxAPI -Xbootclasspath/a:"$work/wb" \
  -XX:-UseTypeProfile -XX:CompileCommand=quiet "${print[@]}" \
  --add-modules jdk.incubator.vector -cp "$jar:$work/cls" ProfileLessKernels \
  "${NAM:-/work/shared/nam/wavenet_a1_standard.nam}" "${specs[@]}" \
  > "$work/log" 2>&1 || { tail -20 "$work/log"; exit 1; }
# Only the forced compiles: from the first marker on, each compile's tree after its marker.
sed -n '/^=== profile-less compile /,/^=== profile-less compiles end/p' "$work/log" > "$work/forced"
if [ -n "${KEEP_LOG:-}" ]; then cp "$work/log" "$KEEP_LOG"; fi
grep '^levels:' "$work/log" | tr ' ' '\n' | grep -v -e '=4$' -e '^levels:' | sed 's/^/not at tier 4: /' || true
awk -f "$here/count-inlining.awk" "$work/forced" | sort | tee "$work/counts"
# Exit 1 if a kernel method boxes without profiles, except where what is left lies inside the
# JDK's own code (Winograd's gathers check their index vector through profile-bound calls;
# interleaveRow's reinterpretShape/castShape fail VectorSupport::convert): BENCHMARKS.md,
# "Session 30: every hot vector kernel without type profiles". What they cost was measured in
# session 31 (profile-less-layers.sh, FirstSeconds.java; BENCHMARKS.md "Session 31: do peer cases
# (d) and (f) need type profiles"): compiled
# with the Vector API's own profiles emptied too, case (d) runs ~10x slower and (f) +15% on JDK 25
# (+2-4% on JDK 17), but a warm JVM's compile has those profiles (0 failed intrinsics) and 10
# fresh JDK 17 JVMs of each case all reached full speed within 2-3 s; the profile-free rewrites
# tried were 36-81% (d) and 27% (f) slower, so the leftovers stay.
jdk_internal='^(VectorWinograd\.|VectorTransposedScatter\.interleaveRow )'
bad="$(grep -v '^total' "$work/counts" | grep -Ev "$jdk_internal" \
  | grep -Ev 'failed intrinsics +0, virtual calls +0,' || true)"
if [ -n "$bad" ]; then
  echo "needs type profiles:" >&2
  echo "$bad" >&2
  exit 1
fi
