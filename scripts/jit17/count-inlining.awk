# Counts, per compiled method, the Vector API intrinsics that failed and the calls left virtual in
# the PrintInlining trees that follow ProfileLessKernels' marker lines ("=== profile-less compile
# Class.method"). Used by profile-less-kernels.sh; also runs on a log kept with KEEP_LOG.
# A "virtual call" line followed by the same call site inlined for the exact class is C2 binding
# it late (after parsing, -XX:+IncrementalInlineVirtual): counted apart, as "late-bound".
  function flush() { if (pend != "") { v[cur]++; tv++ } pend = "" }
  /^=== profile-less compile / { flush(); cur = $4; seen[cur] = 1; next }
  {
    if (pend != "") {
      if (index($0, pend) == 1 && $0 !~ /virtual call/) { late[cur]++; tl++; pend = "" } else { flush() }
    }
  }
  /failed to inline \(intrinsic\)/ { f[cur]++; tf++ }
  /virtual call/ { match($0, /^ *@ *[0-9]+ /); pend = substr($0, 1, RLENGTH) }
  END {
    flush()
    for (c in seen) printf "%-40s failed intrinsics %3d, virtual calls %3d, late-bound %3d\n", c, f[c] + 0, v[c] + 0, late[c] + 0
    printf "total: failed intrinsics %d, virtual calls %d, late-bound %d\n", tf, tv, tl
  }
