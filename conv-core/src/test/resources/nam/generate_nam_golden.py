#!/usr/bin/env python3
"""Golden vectors for NAM's LSTM and ConvNet, from an independent numpy reference.

Writes, next to this script:

* ``golden_lstm.nam``: 2 layers of 4 units, random weights, biases, h0 and c0 (uniform in
  [-0.5, 0.5), so h0/c0 are NOT the zero-input fixed point and the prewarm matters), 48 kHz.
* ``golden_convnet.nam``: 3 channels, dilations [1, 3, 9], batch norm (eps 1e-3), Tanh, 48 kHz.
* ``golden_input.f32``: 3000 samples of a test signal (two sines and a decaying burst).
* ``golden_lstm.f32``, ``golden_convnet.f32``: each model's output for that input.

All ``.f32`` files are raw little-endian float32. Outputs are computed in float64 from the
float32 weights by the equations of ``docs/nam-lstm-convnet.md`` (exact tanh and sigmoid), then
rounded once to float32:

* LSTM: from h0/c0, int(0.5 * 48000) = 24000 zero samples (NAM core's prewarm), then the input;
  per layer ``g = W [x; h] + b`` (rows i, f, g, o), ``c = s(f) c + s(i) tanh(g)``,
  ``h = s(o) tanh(c)``; output ``w_head . h + b_head``.
* ConvNet: the input preceded by sum(dilations) zeros (after which every block has reached its
  response to silence); per block the causal K=2 conv
  ``y[o, t] = b[o] + sum_c W[o, c, 0] x[c, t - d] + W[o, c, 1] x[c, t]``, batch norm
  ``(y - mean) / sqrt(var + eps) * gamma + beta``, tanh; head ``w . x + b``.

Run: ``python3 generate_nam_golden.py`` (numpy only). Deterministic (seeded).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 48000


def f32(a):
    return np.asarray(a, dtype=np.float32)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def write_nam(name, architecture, config, weights):
    doc = {"version": "0.5.4", "architecture": architecture, "config": config,
           "weights": [float(w) for w in f32(weights)], "sample_rate": RATE,
           "metadata": {"name": name}}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(doc, f)


def write_f32(name, x):
    f32(x).astype("<f4").tofile(os.path.join(HERE, name))


def lstm(rng, x, hidden=4, layers=2):
    flat = []
    params = []
    for l in range(layers):
        cols = (1 if l == 0 else hidden) + hidden
        w = f32(rng.uniform(-0.5, 0.5, (4 * hidden, cols)))
        b = f32(rng.uniform(-0.5, 0.5, 4 * hidden))
        h0 = f32(rng.uniform(-0.5, 0.5, hidden))
        c0 = f32(rng.uniform(-0.5, 0.5, hidden))
        flat += [w.ravel(), b, h0, c0]
        params.append((w.astype(np.float64), b.astype(np.float64), h0.astype(np.float64).copy(),
                       c0.astype(np.float64).copy()))
    head_w = f32(rng.uniform(-0.5, 0.5, hidden))
    head_b = f32(rng.uniform(-0.5, 0.5, 1))
    flat += [head_w, head_b]
    weights = np.concatenate(flat)
    write_nam("golden_lstm.nam", "LSTM", {"input_size": 1, "hidden_size": hidden, "num_layers": layers}, weights)
    signal = np.concatenate([np.zeros(RATE // 2), x.astype(np.float64)])
    out = np.empty(len(signal))
    h = [p[2] for p in params]
    c = [p[3] for p in params]
    for t, v in enumerate(signal):
        inp = np.array([v])
        for l, (w, b, _, _) in enumerate(params):
            g = w @ np.concatenate([inp, h[l]]) + b
            i, f, gg, o = g[:hidden], g[hidden:2 * hidden], g[2 * hidden:3 * hidden], g[3 * hidden:]
            c[l] = sigmoid(f) * c[l] + sigmoid(i) * np.tanh(gg)
            h[l] = sigmoid(o) * np.tanh(c[l])
            inp = h[l]
        out[t] = head_w.astype(np.float64) @ inp + float(head_b[0])
    return out[RATE // 2:]


def convnet(rng, x, channels=3, dilations=(1, 3, 9), eps=1e-3):
    flat = []
    lead = sum(dilations)
    a = np.concatenate([np.zeros(lead), x.astype(np.float64)])[None, :]
    for d in dilations:
        cin = a.shape[0]
        w = f32(rng.uniform(-0.8, 0.8, (channels, cin, 2)))
        mean = f32(rng.uniform(-0.5, 0.5, channels))
        var = f32(rng.uniform(0.25, 1.25, channels))
        gamma = f32(rng.uniform(0.5, 1.5, channels))
        beta = f32(rng.uniform(-0.5, 0.5, channels))
        flat += [w.ravel(), mean, var, gamma, beta, f32([eps])]
        past = np.concatenate([np.zeros((cin, d)), a[:, :-d]], axis=1)
        y = np.einsum("oc,ct->ot", w[:, :, 0].astype(np.float64), past) \
            + np.einsum("oc,ct->ot", w[:, :, 1].astype(np.float64), a)
        y = (y - mean.astype(np.float64)[:, None]) / np.sqrt(var.astype(np.float64)[:, None]
                                                              + float(np.float32(eps))) \
            * gamma.astype(np.float64)[:, None] + beta.astype(np.float64)[:, None]
        a = np.tanh(y)
    head_w = f32(rng.uniform(-0.5, 0.5, channels))
    head_b = f32(rng.uniform(-0.5, 0.5, 1))
    flat += [head_w, head_b]
    write_nam("golden_convnet.nam", "ConvNet", {"channels": channels, "dilations": list(dilations),
                                               "batchnorm": True, "activation": "Tanh"}, np.concatenate(flat))
    return (head_w.astype(np.float64) @ a + float(head_b[0]))[lead:]


def main():
    rng = np.random.default_rng(20261202)
    t = np.arange(3000)
    x = f32(0.4 * np.sin(2 * np.pi * 110 * t / RATE) + 0.2 * np.sin(2 * np.pi * 1733 * t / RATE)
            + np.where(t >= 1000, 0.8 * np.exp(-(t - 1000) / 300.0) * np.sin(0.3 * t), 0.0))
    write_f32("golden_input.f32", x)
    write_f32("golden_lstm.f32", lstm(rng, x))
    write_f32("golden_convnet.f32", convnet(rng, x))


if __name__ == "__main__":
    main()
