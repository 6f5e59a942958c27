#!/usr/bin/env bash
# Where a JVM's C2 left the Vector API unintrinsified in convstream's vector kernels, from a log
# of -XX:+PrintCompilation -XX:+PrintInlining (one JVM's output; split JMH's forks first). For
# each C2 (tier 4) compile of a dev.convstream.kernel.Vector* method it prints the top-level call
# (bytecode index of the kernel) under which an intrinsic failed ("FAIL") or a Vector method was
# bound through the type profile ("TP": the receiver was not typed exactly, so the call's
# intrinsic depends on the profile guard). PrintInlining output of concurrent compiles can
# interleave, so a line is credited to the last compile announced before it: read it as a lead,
# then check the log itself. BENCHMARKS.md, "JDK 17 training: where the remaining allocation
# comes from", shows how it was used.
#
# Usage: scripts/scan-vector-inlining.sh LOG [--fail]
set -euo pipefail
log="${1:?usage: scripts/scan-vector-inlining.sh LOG [--fail]}"
awk '/^ *[0-9]+ +[0-9]+ .* [1234] +[a-z]/ && !/made not/ {comp = $0; c2 = (comp ~ / 4 +dev\.convstream\.kernel\.Vector/)}
     /^                              @ / {top = $2 " " $4}
     c2 && /TypeProfile/ {tp[substr(comp, 1, 100) " @" top]++}
     c2 && /failed to inline \(intrinsic\)/ {fl[substr(comp, 1, 100) " @" top]++}
     END {for (k in tp) print "TP   " k; for (k in fl) print "FAIL " k}' "$log" \
  | sed 's/  */ /g' | sort | { if [ "${2:-}" = "--fail" ]; then grep '^FAIL' || true; else cat; fi; }
