#!/usr/bin/env python3
"""Ratio table for a PeerBenchmark JMH JSON result: python3 benchmarks/peer-ratios.py result.json

speedup = ONNX Runtime time / convstream time (> 1: convstream is faster), per case and thread
count; errors are JMH's 99.9% half-intervals."""
import json
import sys

rows = {}
for r in json.load(open(sys.argv[1])):
    engine = r["benchmark"].rsplit(".", 1)[1]
    key = (r["params"]["peerCase"], int(r["params"]["threads"]))
    m = r["primaryMetric"]
    rows.setdefault(key, {})[engine] = (m["score"], m.get("scoreError") or 0.0)
print(f"{'case':14} {'thr':>3} {'convstream us':>16} {'onnxruntime us':>16} {'speedup':>8}")
for (case, threads), e in sorted(rows.items()):
    if "convstream" in e and "onnxruntime" in e:
        (c, ce), (o, oe) = e["convstream"], e["onnxruntime"]
        print(f"{case:14} {threads:3d} {c:9.2f} ±{ce:6.2f} {o:9.2f} ±{oe:6.2f} {o / c:8.2f}")
