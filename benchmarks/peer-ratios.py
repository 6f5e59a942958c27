#!/usr/bin/env python3
"""Ratio table for a PeerBenchmark JMH JSON result: python3 benchmarks/peer-ratios.py result.json

speedup = ONNX Runtime time / convstream time (> 1: convstream is faster), per case and thread
count, on JMH's score (mean; error = 99.9% half-interval). With sample mode (-bm sample) it also
compares the fastest (p0) and median (p50) calls, which are far steadier on a shared, loaded
machine than the mean."""
import json
import sys

rows = {}
for r in json.load(open(sys.argv[1])):
    engine = r["benchmark"].rsplit(".", 1)[1]
    key = (r["params"]["peerCase"], int(r["params"]["threads"]))
    m = r["primaryMetric"]
    p = m.get("scorePercentiles", {})
    rows.setdefault(key, {})[engine] = (m["score"], m.get("scoreError") or 0.0, p.get("0.0"), p.get("50.0"))
print(f"{'case':14} {'thr':>3} {'convstream us':>17} {'onnxruntime us':>17} {'speedup':>7}"
      f" {'cs p0':>8} {'ort p0':>8} {'p0 x':>6} {'cs p50':>8} {'ort p50':>8} {'p50 x':>6}")
for (case, threads), e in sorted(rows.items()):
    if "convstream" in e and "onnxruntime" in e:
        (c, ce, c0, c50), (o, oe, o0, o50) = e["convstream"], e["onnxruntime"]
        line = f"{case:14} {threads:3d} {c:9.2f} ±{ce:6.2f} {o:9.2f} ±{oe:6.2f} {o / c:7.2f}"
        if c0 is not None and o0 is not None:
            line += f" {c0:8.2f} {o0:8.2f} {o0 / c0:6.2f} {c50:8.2f} {o50:8.2f} {o50 / c50:6.2f}"
        print(line)
