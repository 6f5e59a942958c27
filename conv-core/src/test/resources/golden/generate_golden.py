#!/usr/bin/env python3
"""Golden test vectors for convstream, from an independent numpy/scipy reference.

What
----
PyTorch is not used (nor installed): every expected output is computed here from PyTorch's
documented definitions, in float64, from the float32 inputs, then rounded once to float32.

* ``conv1d`` / ``conv2d`` (``torch.nn.Conv1d/Conv2d``, cross-correlation): the input is padded
  with ``np.pad`` (zeros -> 'constant', reflect -> 'reflect', replicate -> 'edge',
  circular -> 'wrap'; before/after may differ, which PyTorch reaches through ``F.pad``), then
  ``out[n, o, t] = bias[o] + sum_{c in group(o), k} w[o, c, k] * xpad[n, c, t*stride + k*dilation]``
  by explicit per-tap accumulation.  Every case is cross-checked against a second
  implementation (``scipy.signal.correlate`` of the padded input with the zero-dilated kernel,
  then strided by slicing).
* ``conv_transpose1d`` / ``conv_transpose2d`` (``torch.nn.ConvTranspose1d/2d``, zeros only):
  by the scatter definition ``full[n, g*Og + o, i*stride + k*dilation] += x[n, c, i] * w[c, o, k]``
  (``c`` in group ``g``, ``Og = out_channels/groups``), full length
  ``(L-1)*stride + dilation*(k-1) + 1 + output_padding``, then the first ``before`` and last
  ``after`` positions are cropped, then bias.  Asymmetric (before, after) is the same crop with
  unequal ends.  Cross-check: the adjoint identity ``<conv(z), x> == <z, conv_transpose(x)>`` with
  the same weight, stride, padding, dilation and groups (whenever output_padding < stride).
* layers (separate files, so the conv test never depends on them): ReLU, LeakyReLU (slope
  rounded to float32 first, as PyTorch does for a float tensor), tanh, sigmoid, Hardtanh,
  GELU (exact erf form, ``0.5 x (1 + erf(x / sqrt 2))``), SiLU, gated tanh*sigmoid (first half of
  the channels through tanh times the second half through sigmoid, ``[N][2C][..] -> [N][C][..]``),
  inference BatchNorm1d/2d (``(x - running_mean) / sqrt(running_var + eps) * weight + bias``;
  ``affine = false`` stores weight 1 and bias 0), MaxPool1d/2d (implicit -inf padding),
  AvgPool1d/2d (implicit zero padding, ``count_include_pad=True`` so the divisor is always the
  kernel size with ``ceil_mode=False``), global average pooling (mean over all spatial axes,
  keeping them as size 1).

Data kinds (every case exists in both)
--------------------------------------
* ``exact``: every input, weight and bias value is a multiple of 1/16 in [-1, 1] (activation
  inputs: in [-4, 4], to reach the non-linear regions).  Conv products are multiples of 2^-8 and
  every partial sum (at most 600 products and a bias, so below 2^10) needs at most 18 significant
  bits, so every sum is exact in float32 in any order and with or without FMA: conv-core must
  match these bit-exactly (the script asserts a float32 evaluation is exact).
* ``gaussian``: float32 N(0, 1) inputs, N(0, 1/fan_in) weights, N(0, 0.25) biases.  Conv-core
  must match within max|diff| / max|ref| <= 1e-5.  The script checks that a plain float32
  per-tap accumulation (the naive order) stays below 1e-6 on every case (worst: 6.8e-7, with
  reductions up to 600 products), so 1e-5 leaves room for blocked/vectorised summation orders
  but not for a wrong tap, index or padding (those give errors around 1e-1).
  Layer data: activations N(0, 9); batch norm running_mean N(0, 0.25), running_var U(0.25, 2)
  (exact kind: multiples of 1/16 in [1/16, 2]).  Layer tolerances are set per op in
  GoldenLayersTest (bit-exact for ReLU/LeakyReLU/Hardtanh/max pooling).

Cases
-----
A curated list per op (every kernel size 1-7, strides 1-3, each padding mode with symmetric,
asymmetric, 'same', causal and valid padding, dilation up to 16, groups incl. depthwise and
channel multiplier 2, batch 3, non-square 2D, output size 1, bias on/off, and a few large
cases past GEMM blocking sizes and several vector widths), plus a seeded random sweep.  Before
writing, ``check_known_answers`` checks the reference on results from PyTorch's documentation
and small hand-worked ones.

Format
------
Two file sets, each a JSON index plus one blob of little-endian IEEE float32 values:

* ``conv_cases.json`` + ``conv_cases.bin``
* ``layer_cases.json`` + ``layer_cases.bin``

The JSON is ``{"format": ..., "generator": ..., "seed": ..., "blob": "<name>.bin", "cases": [...]}``.
Each case: ``name`` (unique), ``op``, ``kind`` ("exact" | "gaussian"), ``spec`` (op-specific, below)
and ``tensors``: a map from tensor name to ``{"shape": [...], "offset": k}`` where ``offset`` is
counted in float32 values (byte offset = 4k) and the tensor is ``prod(shape)`` values, row-major.

Conv specs (names follow PyTorch; 2D fields are ``[h, w]`` pairs, paddings ``[[hb, ha], [wb, wa]]``):

* conv1d: in_channels, out_channels, kernel_size, stride, padding ``[before, after]``,
  padding_rule ("explicit" | "valid" | "same" | "causal": how the padding was chosen; "same" and
  "causal" are PyTorch's/convstream's rules and the padding field holds their result),
  padding_mode, dilation, groups, bias (bool).  Tensors: input, weight, bias (only when bias),
  expected.
* conv2d: as conv1d with kernel_size/stride/dilation ``[h, w]`` and padding ``[[hb, ha], [wb, wa]]``.
* conv_transpose1d: in_channels, out_channels, kernel_size, stride, padding ``[before, after]``,
  output_padding, dilation, groups, bias.  conv_transpose2d: the same with ``[h, w]`` pairs.

Layer specs:

* relu, tanh, sigmoid, gelu, silu, gated_tanh_sigmoid: ``{}``; leaky_relu: negative_slope;
  hardtanh: min_val, max_val.  Tensors: input, expected.
* batchnorm1d / batchnorm2d: num_features, eps, affine.  Tensors: input, running_mean,
  running_var, weight, bias, expected.
* maxpool1d / avgpool1d: kernel_size, stride, padding (symmetric, PyTorch's int);
  maxpool2d / avgpool2d: ``[h, w]`` each.  Both: ceil_mode false; avg: count_include_pad true.
* global_avg_pool1d / global_avg_pool2d: ``{}`` (expected keeps the spatial axes as size 1).

How
---
``python3 generate_golden.py`` run from this folder rewrites the four files; the generator is
seeded (SEED below) and deterministic, so a rerun with the same numpy reproduces them
byte-identically (made with numpy 2.4.6 and scipy 1.17.1; numpy's Generator streams are stable in practice but not promised across
major versions; the self-checks would still hold with other draws).
"""

import json
import math
import os
import sys

import numpy as np
from scipy import signal, special

SEED = 20261125
NP_PAD = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}
MODES = ("zeros", "reflect", "replicate", "circular")
FORMAT = "convstream-golden-1"


# ---------------------------------------------------------------------------------------------
# Reference implementations (float64)
# ---------------------------------------------------------------------------------------------

def check_padding(mode, size, before, after):
    """PyTorch's limits on padding an axis of ``size``."""
    pad = max(before, after)
    if mode == "reflect":
        assert pad < size or pad == 0, ("reflect", size, before, after)
    if mode == "circular":
        assert pad <= size, ("circular", size, before, after)


def pad_input(x, pads, mode):
    """Pads the trailing ``len(pads)`` axes of ``x``; ``pads`` is a list of (before, after)."""
    for (b, a), size in zip(pads, x.shape[2:]):
        check_padding(mode, size, b, a)
    width = [(0, 0), (0, 0)] + [tuple(p) for p in pads]
    if mode == "zeros":
        return np.pad(x, width, mode="constant", constant_values=0.0)
    return np.pad(x, width, mode=NP_PAD[mode])


def conv_out_size(size, before, after, k, s, d):
    return (size + before + after - d * (k - 1) - 1) // s + 1


def conv_ref(x, w, b, stride, pads, dilation, groups, mode, dtype=np.float64):
    """PyTorch ConvNd by per-tap accumulation; spatial rank = ``w.ndim - 2``."""
    x = x.astype(dtype)
    w = w.astype(dtype)
    xp = pad_input(x, pads, mode)
    n, cin = x.shape[:2]
    cout = w.shape[0]
    ks = w.shape[2:]
    outs = [conv_out_size(sz, p[0], p[1], k, s, d)
            for sz, p, k, s, d in zip(x.shape[2:], pads, ks, stride, dilation)]
    assert all(o >= 1 for o in outs), outs
    out = np.zeros((n, cout, *outs), dtype=dtype)
    gi, go = cin // groups, cout // groups
    bshape = (1, go) + (1,) * len(ks)
    for g in range(groups):
        for c in range(gi):
            plane = xp[:, g * gi + c]
            for tap in np.ndindex(*ks):
                sl = tuple(slice(t * d, t * d + (o - 1) * s + 1, s)
                           for t, d, o, s in zip(tap, dilation, outs, stride))
                xs = plane[(slice(None),) + sl]
                wv = w[(slice(g * go, (g + 1) * go), c) + tap].reshape(bshape)
                out[:, g * go:(g + 1) * go] += wv * xs[:, None]
    if b is not None:
        out += b.astype(dtype).reshape((1, cout) + (1,) * len(ks))
    return out


def conv_ref_scipy(x, w, b, stride, pads, dilation, groups, mode):
    """Second, independent ConvNd: scipy correlate with the zero-dilated kernel, then stride."""
    xp = pad_input(x.astype(np.float64), pads, mode)
    n, cin = x.shape[:2]
    cout = w.shape[0]
    gi, go = cin // groups, cout // groups
    rows = []
    for i in range(n):
        chans = []
        for o in range(cout):
            g = o // go
            acc = None
            for c in range(gi):
                k = w[o, c].astype(np.float64)
                dil = np.zeros([d * (kk - 1) + 1 for kk, d in zip(k.shape, dilation)])
                dil[tuple(slice(None, None, d) for d in dilation)] = k
                r = signal.correlate(xp[i, g * gi + c], dil, mode="valid", method="direct")
                r = r[tuple(slice(None, None, s) for s in stride)]
                acc = r if acc is None else acc + r
            if b is not None:
                acc = acc + float(b[o])
            chans.append(acc)
        rows.append(np.stack(chans))
    return np.stack(rows)


def conv_transpose_ref(x, w, b, stride, pads, output_padding, dilation, groups, dtype=np.float64):
    """PyTorch ConvTransposeNd by its scatter definition, then crop, then bias."""
    x = x.astype(dtype)
    w = w.astype(dtype)
    n, cin = x.shape[:2]
    go = w.shape[1]
    cout = go * groups
    gi = cin // groups
    ks = w.shape[2:]
    full = [(sz - 1) * s + d * (k - 1) + 1 + op
            for sz, s, d, k, op in zip(x.shape[2:], stride, dilation, ks, output_padding)]
    out = np.zeros((n, cout, *full), dtype=dtype)
    bshape = (1, go) + (1,) * len(ks)
    for g in range(groups):
        for c in range(gi):
            xv = x[:, g * gi + c][:, None]
            for tap in np.ndindex(*ks):
                sl = tuple(slice(t * d, t * d + (sz - 1) * s + 1, s)
                           for t, d, sz, s in zip(tap, dilation, x.shape[2:], stride))
                wv = w[(g * gi + c, slice(None)) + tap].reshape(bshape)
                out[(slice(None), slice(g * go, (g + 1) * go)) + sl] += wv * xv
    crop = tuple(slice(p[0], f - p[1]) for p, f in zip(pads, full))
    out = out[(slice(None), slice(None)) + crop]
    assert all(sz >= 1 for sz in out.shape[2:]), out.shape
    if b is not None:
        out = out + b.astype(dtype).reshape((1, cout) + (1,) * len(ks))
    return out


def pool_ref(x, kernel, stride, padding, kind):
    """PyTorch MaxPoolNd / AvgPoolNd (ceil_mode=False, count_include_pad=True, dilation 1)."""
    nd = len(kernel)
    for k, p in zip(kernel, padding):
        assert 2 * p <= k, "PyTorch requires pad <= kernel/2"
    fill = -np.inf if kind == "max" else 0.0
    width = [(0, 0), (0, 0)] + [(p, p) for p in padding]
    xp = np.pad(x.astype(np.float64), width, mode="constant", constant_values=fill)
    outs = [(sz + 2 * p - k) // s + 1 for sz, p, k, s in zip(x.shape[2:], padding, kernel, stride)]
    assert all(o >= 1 for o in outs)
    acc = np.full(x.shape[:2] + tuple(outs), fill)
    for tap in np.ndindex(*kernel):
        sl = tuple(slice(t, t + (o - 1) * s + 1, s) for t, o, s in zip(tap, outs, stride))
        v = xp[(slice(None), slice(None)) + sl]
        acc = np.maximum(acc, v) if kind == "max" else acc + v
    if kind == "avg":
        acc = acc / float(np.prod(kernel))
    assert np.all(np.isfinite(acc)), "a max window saw only padding"
    return acc


def check_known_answers():
    """The reference against results printed in PyTorch's documentation and worked by hand."""
    x = np.arange(4.0).reshape(1, 1, 4)
    pad = lambda mode, b, a: pad_input(x, [(b, a)], mode)[0, 0].tolist()
    assert pad("reflect", 2, 2) == [2, 1, 0, 1, 2, 3, 2, 1]        # ReflectionPad1d(2) docs
    assert pad("reflect", 3, 1) == [3, 2, 1, 0, 1, 2, 3, 2]        # ReflectionPad1d((3, 1)) docs
    assert pad("replicate", 2, 2) == [0, 0, 0, 1, 2, 3, 3, 3]      # ReplicationPad1d(2) docs
    assert pad("circular", 2, 2) == [2, 3, 0, 1, 2, 3, 0, 1]       # CircularPad1d(2) docs
    assert pad("zeros", 1, 2) == [0, 0, 1, 2, 3, 0, 0]
    # conv1d, k=2, stride 2, dilation 2 on 0..7: out[t] = w0 x[2t] + w1 x[2t+2]
    y = conv_ref(np.arange(8.0).reshape(1, 1, 8), np.array([[[1.0, 10.0]]]), None, [2], [(0, 0)], [2],
                 1, "zeros")
    assert y[0, 0].tolist() == [20, 42, 64], y
    # conv_transpose1d, x=[1, 2], w=[1, 1, 1], stride 2: [1, 1, 1+2, 2, 2]. With padding 1 and
    # output_padding 1, output j is full[j + 1] for j < (2-1)*2 - 2 + 2 + 1 + 1 = 4: [1, 3, 2, 2]
    # (output_padding lengthens the output; the end crop does not reach the last tap).
    xt, wt = np.array([[[1.0, 2.0]]]), np.ones((1, 1, 3))
    assert conv_transpose_ref(xt, wt, None, [2], [(0, 0)], [0], [1], 1)[0, 0].tolist() == [1, 1, 3, 2, 2]
    assert conv_transpose_ref(xt, wt, None, [2], [(1, 1)], [1], [1], 1)[0, 0].tolist() == [1, 3, 2, 2]
    assert conv_transpose_ref(xt, wt, None, [2], [(0, 0)], [1], [1], 1)[0, 0].tolist() == [1, 1, 3, 2, 2, 0]
    # 'same' with an even kernel puts the odd padding at the end, as torch's _conv_forward does
    assert resolve_padding("same", 4, 1) == ("same", (1, 2))
    assert resolve_padding("same", 3, 16) == ("same", (16, 16))
    # count_include_pad: the window at the edge divides by the full kernel
    assert pool_ref(np.array([[[3.0, 6.0]]]), [3], [1], [1], "avg")[0, 0].tolist() == [3.0, 3.0]
    assert pool_ref(np.array([[[-3.0, -6.0]]]), [3], [1], [1], "max")[0, 0].tolist() == [-3.0, -3.0]


def sigmoid(x):
    return special.expit(x)


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

class Data:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def sixteenths(self, shape, limit=1.0):
        m = int(round(16 * limit))
        return (self.rng.integers(-m, m + 1, size=shape) / 16.0).astype(np.float32)

    def normal(self, shape, scale=1.0):
        return (self.rng.standard_normal(size=shape) * scale).astype(np.float32)

    def tensor(self, kind, shape, scale=1.0, limit=1.0):
        return self.sixteenths(shape, limit) if kind == "exact" else self.normal(shape, scale)


class Blob:
    """Accumulates float32 tensors; hands out {shape, offset} entries."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def add(self, array):
        a = np.ascontiguousarray(array, dtype="<f4")
        entry = {"shape": [int(s) for s in a.shape], "offset": self.size}
        self.parts.append(a.tobytes())
        self.size += a.size
        return entry

    def bytes(self):
        return b"".join(self.parts)


def rel_err(got, ref):
    scale = np.max(np.abs(ref))
    return float(np.max(np.abs(got.astype(np.float64) - ref)) / scale) if scale > 0 else 0.0


# ---------------------------------------------------------------------------------------------
# Conv case matrix
# ---------------------------------------------------------------------------------------------

def resolve_padding(rule, k, d):
    """(rule, (before, after)) for one axis; rule is 'same' | 'causal' | 'valid' | (b, a)."""
    if rule == "same":
        total = d * (k - 1)
        return "same", (total // 2, total - total // 2)
    if rule == "causal":
        return "causal", (d * (k - 1), 0)
    if rule == "valid" or tuple(rule) == (0, 0):
        return "valid", (0, 0)
    return "explicit", (int(rule[0]), int(rule[1]))


def conv1d_cases():
    out = []

    def c(cin, cout, k, length, s=1, pad="valid", mode="zeros", d=1, g=1, bias=True, n=1):
        rule, p = resolve_padding(pad, k, d)
        out.append(dict(op="conv1d", in_channels=cin, out_channels=cout, kernel_size=k, stride=s,
                        padding=list(p), padding_rule=rule, padding_mode=mode, dilation=d,
                        groups=g, bias=bias, input_shape=[n, cin, length]))

    for k in range(1, 8):                                   # every kernel size
        c(3, 4, k, 17, pad=(k // 2, k // 2), bias=k % 2 == 1)
    for s in (2, 3):                                        # strides
        for k in (3, 4, 7):
            c(4, 5, k, 23, s=s, pad=(k // 2, k // 2))
    for mode in MODES:                                      # padding kind x padding mode
        c(3, 4, 5, 16, pad=(2, 2), mode=mode)
        c(3, 4, 4, 15, s=2, pad=(3, 1), mode=mode)
        c(2, 3, 6, 13, pad=(0, 4), mode=mode, bias=False)
        c(3, 3, 4, 12, pad="same", mode=mode)                 # even kernel: (1, 2)
        c(3, 2, 3, 14, pad="same", d=3, mode=mode)
        c(2, 4, 3, 20, pad="causal", d=4, mode=mode)
        c(2, 3, 5, 11, s=3, pad=(2, 2), mode=mode, n=3)
    c(3, 4, 7, 12, s=3, pad="valid")
    c(2, 3, 7, 4, pad=(3, 3), mode="reflect")               # reflect pad = size - 1
    c(2, 3, 5, 3, pad=(3, 3), mode="circular")              # circular pad = size
    c(2, 3, 5, 2, pad=(4, 4), mode="replicate")             # replicate pad > size
    c(2, 2, 3, 2, pad=(5, 5))                               # zeros pad > size
    for d in (2, 3, 8, 16):                                 # dilation
        c(3, 4, 3, 40, pad="causal", d=d)
    c(2, 3, 2, 20, d=16)
    c(2, 2, 3, 20, pad="same", d=16, mode="reflect")
    c(2, 2, 5, 30, s=2, pad=(4, 2), d=5, mode="circular")
    c(3, 3, 7, 50, s=3, pad=(6, 6), d=7, mode="replicate", bias=False)
    c(4, 6, 3, 18, pad=(1, 1), g=2)                         # groups
    c(6, 6, 3, 18, s=2, pad=(1, 1), mode="reflect", g=3)
    c(6, 9, 4, 17, pad="causal", g=3, bias=False)
    c(5, 5, 3, 16, pad="same", g=5)                         # depthwise
    c(8, 8, 7, 33, pad="causal", d=2, g=8, bias=False)
    c(4, 4, 4, 21, s=3, pad=(2, 1), mode="replicate", g=4)
    c(3, 3, 5, 19, pad=(2, 2), mode="circular", g=3, n=3)
    c(4, 8, 3, 16, pad=(1, 1), g=4)                         # channel multiplier 2
    c(3, 6, 5, 25, s=2, pad="causal", d=2, mode="circular", g=3)
    c(2, 4, 3, 12, pad="same", mode="reflect", g=2, n=3, bias=False)
    c(3, 5, 3, 19, pad=(1, 1), n=3)                         # batch 3
    c(4, 4, 5, 20, s=2, pad=(2, 2), mode="reflect", g=2, bias=False, n=3)
    c(3, 4, 5, 5)                                           # output length 1
    c(2, 3, 3, 3, s=3)
    c(2, 2, 1, 1)
    c(3, 2, 3, 2, s=5, pad=(1, 1))
    c(2, 2, 3, 1, pad=(1, 1), mode="replicate", bias=False)
    c(2, 2, 3, 1, pad=(1, 1), mode="circular")
    c(8, 16, 1, 32)                                         # pointwise
    c(16, 8, 1, 9, s=2, bias=False)
    c(16, 8, 7, 30, pad=(3, 3))                             # longer reductions (112, 224)
    c(32, 4, 7, 12, mode="zeros", pad=(6, 0))
    # Large enough for blocked GEMM paths (reduction 280 > 256, 594 columns > 512, 13 rows not a
    # multiple of 8) and for many full vectors plus a tail in depthwise rows.
    c(40, 13, 7, 600, pad=(3, 0), mode="reflect")
    c(6, 12, 5, 203, s=2, pad="causal", d=3, g=6)
    return out


def conv2d_cases():
    out = []

    def c(cin, cout, k, hw, s=(1, 1), pad="valid", mode="zeros", d=(1, 1), g=1, bias=True, n=1):
        k = (k, k) if isinstance(k, int) else k
        s = (s, s) if isinstance(s, int) else s
        d = (d, d) if isinstance(d, int) else d
        if isinstance(pad, str):
            rules = [resolve_padding(pad, k[i], d[i]) for i in range(2)]
            rule = rules[0][0]
            pads = [rules[0][1], rules[1][1]]
        else:
            pads = [tuple(pad[0]), tuple(pad[1])]
            rule = "valid" if pads == [(0, 0), (0, 0)] else "explicit"
        out.append(dict(op="conv2d", in_channels=cin, out_channels=cout, kernel_size=list(k),
                        stride=list(s), padding=[list(p) for p in pads], padding_rule=rule,
                        padding_mode=mode, dilation=list(d), groups=g, bias=bias,
                        input_shape=[n, cin, hw[0], hw[1]]))

    def sym(ph, pw):
        return ((ph, ph), (pw, pw))

    for k in ((1, 1), (2, 2), (3, 3), (3, 5), (1, 7), (7, 1), (4, 6), (5, 5)):   # kernels
        c(3, 4, k, (9, 11), pad=sym(k[0] // 2, k[1] // 2), bias=k != (2, 2))
    for s in ((2, 2), (1, 3), (3, 2)):                                         # strides
        c(3, 4, 3, (10, 9), s=s, pad=sym(1, 1))
    for mode in MODES:                                                         # padding
        c(2, 3, 3, (8, 7), pad=sym(1, 1), mode=mode)
        c(2, 3, (3, 4), (7, 9), s=(2, 1), pad=((2, 0), (1, 2)), mode=mode)
        c(2, 2, (2, 4), (6, 8), pad="same", mode=mode, bias=False)
        c(2, 3, 3, (9, 10), pad="same", d=(2, 3), mode=mode)
        c(2, 2, (5, 7), (3, 4), pad=sym(2, 3), mode=mode)                      # pad near size
        c(3, 2, 3, (7, 6), s=(2, 3), pad=((1, 2), (0, 1)), mode=mode, n=3)
    c(2, 3, 3, (12, 12), pad=sym(2, 2), d=2)                                   # dilation
    c(2, 2, (2, 3), (20, 12), d=(16, 4))
    c(2, 2, 3, (18, 10), pad=((16, 0), (2, 0)), d=(8, 1), mode="replicate")
    c(4, 6, 3, (8, 9), pad=sym(1, 1), g=2)                                     # groups
    c(6, 6, 3, (9, 7), pad="same", g=6)                                        # depthwise
    c(4, 4, 5, (11, 10), s=2, pad=sym(2, 2), mode="reflect", g=4, bias=False)
    c(3, 3, (3, 5), (8, 9), s=(1, 2), pad=((2, 0), (4, 0)), d=(1, 1), g=3, n=3)
    c(4, 8, 3, (7, 8), pad=sym(1, 1), g=4)                                     # multiplier 2
    c(3, 6, (2, 3), (6, 9), pad="same", mode="circular", g=3, bias=False)
    c(3, 5, 3, (6, 7), pad=sym(1, 1), n=3)                                     # batch 3
    c(3, 4, (3, 5), (3, 5))                                                    # output 1x1
    c(2, 2, 3, (4, 4), s=3, bias=False)
    c(2, 3, 1, (1, 1))
    c(2, 2, 3, (1, 2), pad=((1, 1), (1, 0)), mode="replicate")
    c(8, 6, 1, (5, 7))                                                         # pointwise
    c(8, 6, 1, (6, 7), s=2, bias=False)
    c(8, 4, 5, (7, 7), pad=sym(2, 2))                                          # reduction 200
    c(12, 20, 5, (26, 27), pad="same", mode="circular")                        # large: see conv1d
    c(6, 6, 3, (9, 45), pad="same", mode="replicate", g=6)                     # wide depthwise rows
    c(4, 8, 3, (7, 53), s=(1, 2), pad=((2, 2), (1, 1)), d=2, g=4, bias=False)
    # 588 x 1840 im2col columns: more than conv-core's default 2^20-float column budget, so the
    # workspace is tiled into bands of output rows.
    c(12, 2, 7, (46, 52))
    return out


def conv_transpose1d_cases():
    out = []

    def c(cin, cout, k, length, s=1, pad=(0, 0), op=0, d=1, g=1, bias=True, n=1):
        out.append(dict(op="conv_transpose1d", in_channels=cin, out_channels=cout, kernel_size=k,
                        stride=s, padding=list(pad), output_padding=op, dilation=d, groups=g,
                        bias=bias, input_shape=[n, cin, length]))

    for k in range(1, 8):                                   # kernels x strides
        for s in (1, 2, 3):
            c(3, 4, k, 9, s=s, pad=((k - 1) // 2, (k - 1) // 2), bias=(k + s) % 2 == 0)
    c(3, 2, 4, 8, s=3, pad=(1, 1), op=2)                    # output_padding
    c(2, 3, 3, 7, s=2, pad=(1, 1), op=1)
    c(2, 2, 3, 6, s=1, pad=(0, 0), op=2, d=3)               # op < dilation
    c(4, 4, 4, 10, s=2, pad=(1, 1))                         # the usual 2x upsampler
    c(3, 3, 4, 6, s=2, pad=(2, 1))                          # asymmetric crop
    c(2, 3, 5, 5, s=3, pad=(0, 3), op=1, bias=False)
    for d in (2, 4, 16):                                    # dilation
        c(3, 2, 3, 12, s=1 + d % 3, pad=(d, d), d=d)
    c(4, 6, 3, 10, s=2, pad=(1, 1), g=2)                    # groups
    c(4, 4, 5, 9, s=2, pad=(2, 2), op=1, g=4)               # depthwise
    c(4, 8, 3, 7, s=3, pad=(1, 1), g=4, bias=False)         # multiplier 2
    c(8, 4, 4, 7, s=2, pad=(1, 1), g=4)
    c(3, 5, 3, 11, s=2, pad=(1, 1), op=1, n=3)              # batch 3
    c(4, 4, 4, 6, s=2, pad=(1, 1), g=2, n=3, bias=False)
    c(2, 3, 1, 1)                                           # output length 1
    c(2, 2, 3, 1, s=2, pad=(1, 1))
    c(3, 2, 2, 2, s=1, pad=(1, 1))
    c(16, 8, 7, 9, s=2, pad=(3, 3), op=1)                   # longer reduction
    c(300, 4, 4, 8, s=2, pad=(1, 1))                        # large: 300 input channels
    c(16, 8, 4, 600, s=2, pad=(1, 1))                       # large: 600 input positions
    return out


def conv_transpose2d_cases():
    out = []

    def c(cin, cout, k, hw, s=1, pad=0, op=0, d=1, g=1, bias=True, n=1):
        pair = lambda v: list(v) if isinstance(v, (tuple, list)) else [v, v]
        k, s, op, d = pair(k), pair(s), pair(op), pair(d)
        if isinstance(pad, int):
            pads = [[pad, pad], [pad, pad]]
        else:
            pads = [list(p) if isinstance(p, (tuple, list)) else [p, p] for p in pad]
        out.append(dict(op="conv_transpose2d", in_channels=cin, out_channels=cout, kernel_size=k,
                        stride=s, padding=pads, output_padding=op, dilation=d, groups=g,
                        bias=bias, input_shape=[n, cin, hw[0], hw[1]]))

    for k in ((1, 1), (2, 2), (3, 3), (3, 5), (4, 4), (1, 7), (6, 2)):
        c(3, 4, k, (5, 6), s=2, pad=((k[0] - 1) // 2, (k[1] - 1) // 2), bias=k != (3, 5))
    c(3, 2, 3, (4, 5), s=(3, 1), pad=(1, 1), op=(2, 0))
    c(2, 3, (4, 3), (4, 6), s=(2, 3), pad=((1, 2), (0, 1)), op=(1, 2))   # asymmetric crop
    c(2, 2, 3, (6, 5), pad=(2, 4), d=(2, 4), op=(1, 3))                  # op < dilation
    c(2, 2, 3, (5, 5), s=2, pad=(16, 4), d=(16, 4))
    c(4, 6, 3, (4, 5), s=2, pad=1, g=2)                                   # groups
    c(4, 4, 4, (5, 4), s=2, pad=1, g=4)                                   # depthwise
    c(3, 6, 3, (4, 6), s=(1, 2), pad=(1, 1), op=(0, 1), g=3, bias=False)  # multiplier 2
    c(3, 4, 3, (4, 5), s=2, pad=1, op=1, n=3)                             # batch 3
    c(2, 3, 1, (1, 1))                                                    # output 1x1
    c(2, 2, (3, 2), (1, 2), s=(2, 1), pad=((1, 1), (1, 1)))
    c(8, 4, 5, (4, 4), s=2, pad=2, op=1)                                  # longer reduction
    c(6, 10, 3, (17, 31), s=2, pad=1, op=1, bias=False)                   # large output
    c(2, 16, 7, (36, 38), pad=(3, 0))                                     # 784 x 1368 columns: tiled
    return out


def random_sweep(seed):
    """Seeded random combinations on top of the curated lists, to catch interactions."""
    rng = np.random.default_rng(seed)
    pick = lambda seq: seq[int(rng.integers(len(seq)))]
    out = []

    def axis(k, s, d, mode, allow_rule):
        """(rule, (before, after), size) for one conv axis satisfying PyTorch's limits."""
        span = d * (k - 1) + 1
        rule = pick(["explicit", "explicit", "valid"] + (["same", "causal"] if allow_rule else []))
        if rule == "explicit":
            _, p = resolve_padding((int(rng.integers(span)), int(rng.integers(span))), k, d)
        else:
            _, p = resolve_padding(rule, k, d)
        low = max(1, span - p[0] - p[1], max(p) + 1 if mode == "reflect" else 1,
                  max(p) if mode == "circular" else 1)
        return rule, p, int(rng.integers(low, low + 3 * s + 4))

    def groups(cin):
        g = pick([1, 1, 2, cin])
        return g if cin % g == 0 else 1

    for _ in range(16):
        k, s, d = int(rng.integers(1, 8)), int(rng.integers(1, 4)), pick([1, 1, 2, 3, 4])
        mode = pick(MODES)
        rule, p, length = axis(k, s, d, mode, True)
        if rule == "same" and s != 1:
            s = 1
        cin = pick([1, 2, 3, 4, 6])
        g = groups(cin)
        cout = g * pick([1, 2, 3])
        out.append(dict(op="conv1d", in_channels=cin, out_channels=cout, kernel_size=k, stride=s,
                        padding=list(p), padding_rule=rule if rule != "explicit" or p != (0, 0)
                        else "valid", padding_mode=mode, dilation=d, groups=g,
                        bias=bool(rng.integers(2)), input_shape=[pick([1, 3]), cin, length]))
    for _ in range(12):
        k = [int(rng.integers(1, 6)), int(rng.integers(1, 6))]
        s = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
        d = [pick([1, 1, 2, 3]), pick([1, 1, 2, 3])]
        mode = pick(MODES)
        same = s == [1, 1] and bool(rng.integers(2))
        axes = []
        for i in range(2):
            if same:
                _, p = resolve_padding("same", k[i], d[i])
                low = max(1, max(p) + 1 if mode == "reflect" else 1)
                axes.append(("same", p, int(rng.integers(low, low + 6))))
            else:
                axes.append(axis(k[i], s[i], d[i], mode, False))
        pads = [list(a[1]) for a in axes]
        rule = "same" if same else ("valid" if pads == [[0, 0], [0, 0]] else "explicit")
        cin = pick([1, 2, 3, 4])
        g = groups(cin)
        cout = g * pick([1, 2])
        out.append(dict(op="conv2d", in_channels=cin, out_channels=cout, kernel_size=k, stride=s,
                        padding=pads, padding_rule=rule, padding_mode=mode, dilation=d, groups=g,
                        bias=bool(rng.integers(2)),
                        input_shape=[pick([1, 3]), cin, axes[0][2], axes[1][2]]))

    def t_axis(k, s, d):
        op = int(rng.integers(max(s, d))) if rng.integers(2) else 0
        span = d * (k - 1) + 1
        length = int(rng.integers(1, 8))
        full = (length - 1) * s + span + op
        b, a = int(rng.integers(span)), int(rng.integers(span))
        while b + a >= full:                                    # keep >= 1 output
            b, a = b // 2, a // 2
        return length, [b, a], op

    for nd, count in ((1, 8), (2, 8)):
        for _ in range(count):
            k = [int(rng.integers(1, 7)) for _ in range(nd)]
            s = [int(rng.integers(1, 4)) for _ in range(nd)]
            d = [pick([1, 1, 2, 3]) for _ in range(nd)]
            axes = [t_axis(k[i], s[i], d[i]) for i in range(nd)]
            cin = pick([1, 2, 3, 4])
            g = groups(cin)
            cout = g * pick([1, 2])
            shape = [pick([1, 3]), cin] + [a[0] for a in axes]
            unwrap = (lambda v: v[0]) if nd == 1 else (lambda v: v)
            out.append(dict(op="conv_transpose%dd" % nd, in_channels=cin, out_channels=cout,
                            kernel_size=unwrap(k), stride=unwrap(s),
                            padding=unwrap([a[1] for a in axes]),
                            output_padding=unwrap([a[2] for a in axes]), dilation=unwrap(d),
                            groups=g, bias=bool(rng.integers(2)), input_shape=shape))
    return out


def build_conv(case, kind, data):
    op = case["op"]
    n, cin = case["input_shape"][:2]
    cout, g = case["out_channels"], case["groups"]
    ks = case["kernel_size"] if isinstance(case["kernel_size"], list) else [case["kernel_size"]]
    x = data.tensor(kind, case["input_shape"])
    wshape = ([cin, cout // g] if op.startswith("conv_transpose") else [cout, cin // g]) + ks
    fan_in = cin // g * int(np.prod(ks))
    w = data.tensor(kind, wshape, scale=1.0 / math.sqrt(fan_in))
    b = data.tensor(kind, [cout], scale=0.5) if case["bias"] else None
    nd = len(ks)
    as_list = lambda v: v if isinstance(v, list) else [v]
    stride = as_list(case["stride"])
    dilation = as_list(case["dilation"])
    pads = case["padding"] if nd == 2 else [case["padding"]]
    if op.startswith("conv_transpose"):
        opad = as_list(case["output_padding"])
        ref = conv_transpose_ref(x, w, b, stride, pads, opad, dilation, g)
        check_adjoint(x, w, stride, pads, opad, dilation, g, ref.shape, data)
        f32 = conv_transpose_ref(x, w, b, stride, pads, opad, dilation, g, dtype=np.float32)
    else:
        mode = case["padding_mode"]
        ref = conv_ref(x, w, b, stride, pads, dilation, g, mode)
        alt = conv_ref_scipy(x, w, b, stride, pads, dilation, g, mode)
        assert ref.shape == alt.shape and rel_err(alt, ref) < 1e-12, (case, rel_err(alt, ref))
        f32 = conv_ref(x, w, b, stride, pads, dilation, g, mode, dtype=np.float32)
    if kind == "exact":
        assert np.array_equal(ref.astype(np.float32).astype(np.float64), ref), "not exact in f32"
        assert np.array_equal(f32.astype(np.float64), ref), "f32 order changed an exact sum"
    else:
        err = rel_err(f32, ref)
        assert err < 1e-6, (case, err)
        NAIVE_F32_ERR[0] = max(NAIVE_F32_ERR[0], err)
    tensors = {"input": x, "weight": w}
    if b is not None:
        tensors["bias"] = b
    tensors["expected"] = ref.astype(np.float32)
    return tensors


def check_adjoint(x, w, stride, pads, opad, dilation, groups, out_shape, data):
    """<conv(z), x> == <z, conv_transpose(x)> for the matching zero-padded conv (no bias)."""
    if any(op >= s for op, s in zip(opad, stride)):
        return
    z = data.normal(out_shape)
    ct = conv_transpose_ref(x, w, None, stride, pads, opad, dilation, groups)
    cz = conv_ref(z, w, None, stride, pads, dilation, groups, "zeros")
    assert cz.shape == x.shape, (cz.shape, x.shape)
    lhs = float(np.sum(cz * x.astype(np.float64)))
    rhs = float(np.sum(z.astype(np.float64) * ct))
    assert abs(lhs - rhs) <= 1e-9 * max(1.0, abs(lhs)), (lhs, rhs)


NAIVE_F32_ERR = [0.0]


def case_name(case):
    """A readable unique name from the spec fields."""
    op = case["op"]
    fmt = lambda v: "x".join(str(i) for i in v) if isinstance(v, list) else str(v)
    parts = [op, "c%d-%d" % (case["in_channels"], case["out_channels"]),
             "k" + fmt(case["kernel_size"]), "s" + fmt(case["stride"])]
    pad = case["padding"]
    if isinstance(pad[0], list):
        parts.append("p" + "x".join("%d-%d" % tuple(p) for p in pad))
    else:
        parts.append("p%d-%d" % tuple(pad))
    if case.get("padding_rule") in ("same", "causal"):
        parts.append(case["padding_rule"])
    if "padding_mode" in case:
        parts.append(case["padding_mode"])
    if "output_padding" in case:
        parts.append("op" + fmt(case["output_padding"]))
    parts += ["d" + fmt(case["dilation"]), "g%d" % case["groups"],
              "in" + fmt(case["input_shape"]), "bias" if case["bias"] else "nobias"]
    return "_".join(parts)


def conv_spec(case):
    return {k: v for k, v in case.items() if k not in ("op", "input_shape")}


# ---------------------------------------------------------------------------------------------
# Layer cases
# ---------------------------------------------------------------------------------------------

def layer_cases():
    """(name, op, spec, input_shape, builder) with builder(kind, data) -> tensors dict."""
    cases = []

    def act(name, op, spec, shape, fn, limit=4.0, scale=3.0):
        def build(kind, data):
            x = data.tensor(kind, shape, scale=scale, limit=limit)
            return {"input": x, "expected": fn(x.astype(np.float64), spec).astype(np.float32)}
        cases.append((name, op, spec, build))

    def leaky(x, spec):
        slope = float(np.float32(spec["negative_slope"]))   # PyTorch: slope cast to float32
        return np.where(x > 0, x, x * slope)

    act("relu", "relu", {}, [2, 4, 17], lambda x, s: np.maximum(x, 0.0))
    act("relu_2d", "relu", {}, [1, 3, 5, 6], lambda x, s: np.maximum(x, 0.0))
    act("leaky_relu_0.01", "leaky_relu", {"negative_slope": 0.01}, [2, 4, 17], leaky)
    act("leaky_relu_0.2", "leaky_relu", {"negative_slope": 0.2}, [2, 4, 17], leaky)
    act("tanh", "tanh", {}, [2, 4, 17], lambda x, s: np.tanh(x))
    act("sigmoid", "sigmoid", {}, [2, 4, 17], lambda x, s: sigmoid(x))
    act("hardtanh", "hardtanh", {"min_val": -1.0, "max_val": 1.0}, [2, 4, 17],
        lambda x, s: np.clip(x, s["min_val"], s["max_val"]))
    act("hardtanh_-0.5_0.75", "hardtanh", {"min_val": -0.5, "max_val": 0.75}, [2, 4, 17],
        lambda x, s: np.clip(x, s["min_val"], s["max_val"]))
    act("gelu", "gelu", {}, [2, 4, 17], lambda x, s: 0.5 * x * (1.0 + special.erf(x / math.sqrt(2.0))))
    act("silu", "silu", {}, [2, 4, 17], lambda x, s: x * sigmoid(x))
    act("gated_tanh_sigmoid", "gated_tanh_sigmoid", {}, [2, 6, 11],
        lambda x, s: np.tanh(x[:, :x.shape[1] // 2]) * sigmoid(x[:, x.shape[1] // 2:]))
    act("gated_tanh_sigmoid_2d", "gated_tanh_sigmoid", {}, [1, 4, 3, 5],
        lambda x, s: np.tanh(x[:, :x.shape[1] // 2]) * sigmoid(x[:, x.shape[1] // 2:]))

    def bn(name, op, shape, eps, affine):
        spec = {"num_features": shape[1], "eps": eps, "affine": affine}

        def build(kind, data):
            c = shape[1]
            x = data.tensor(kind, shape)
            mean = data.tensor(kind, [c], scale=0.5)
            # variances: positive, exact kind multiples of 1/16 in [1/16, 2]
            if kind == "exact":
                var = (data.rng.integers(1, 33, size=[c]) / 16.0).astype(np.float32)
            else:
                var = data.rng.uniform(0.25, 2.0, size=[c]).astype(np.float32)
            if affine:
                weight = data.tensor(kind, [c], scale=1.0)
                bias = data.tensor(kind, [c], scale=0.5)
            else:
                weight = np.ones([c], np.float32)
                bias = np.zeros([c], np.float32)
            bshape = (1, c) + (1,) * (len(shape) - 2)
            f = lambda v: v.astype(np.float64).reshape(bshape)
            y = (x.astype(np.float64) - f(mean)) / np.sqrt(f(var) + eps) * f(weight) + f(bias)
            return {"input": x, "running_mean": mean, "running_var": var, "weight": weight,
                    "bias": bias, "expected": y.astype(np.float32)}
        cases.append((name, op, spec, build))

    bn("batchnorm1d", "batchnorm1d", [3, 5, 11], 1e-5, True)
    bn("batchnorm1d_eps1e-3_noaffine", "batchnorm1d", [2, 4, 9], 1e-3, False)
    bn("batchnorm2d", "batchnorm2d", [2, 4, 5, 6], 1e-5, True)
    bn("batchnorm2d_eps0.1_noaffine", "batchnorm2d", [1, 3, 4, 7], 0.1, False)

    def pool(name, op, kernel, stride, padding, shape, negative=False):
        nd = 1 if op.endswith("1d") else 2
        spec = {"kernel_size": kernel, "stride": stride, "padding": padding,
                "ceil_mode": False}
        if op.startswith("avg"):
            spec["count_include_pad"] = True
        as_list = lambda v: v if isinstance(v, list) else [v] * nd

        def build(kind, data):
            x = data.tensor(kind, shape)
            if negative:  # every value < 0: -inf (not zero) padding must show
                x = (-np.abs(x) - np.float32(1.0 / 16)).astype(np.float32)
            y = pool_ref(x, as_list(kernel), as_list(stride), as_list(padding), op[:3])
            return {"input": x, "expected": y.astype(np.float32)}
        cases.append((name, op, spec, build))

    pool("maxpool1d_k3_s2_p1", "maxpool1d", 3, 2, 1, [2, 3, 16])
    pool("maxpool1d_k2_s2_p0", "maxpool1d", 2, 2, 0, [1, 2, 9])
    pool("maxpool1d_k4_s1_p2_negative", "maxpool1d", 4, 1, 2, [2, 2, 7], negative=True)
    pool("maxpool2d_k3_s2_p1", "maxpool2d", [3, 3], [2, 2], [1, 1], [1, 3, 9, 10])
    pool("maxpool2d_k2x3_s2x1_p1x0_negative", "maxpool2d", [2, 3], [2, 1], [1, 0], [2, 2, 5, 7],
         negative=True)
    pool("avgpool1d_k3_s2_p1", "avgpool1d", 3, 2, 1, [2, 3, 16])
    pool("avgpool1d_k4_s4_p0", "avgpool1d", 4, 4, 0, [1, 2, 13])
    pool("avgpool2d_k3_s2_p1", "avgpool2d", [3, 3], [2, 2], [1, 1], [1, 3, 9, 10])
    pool("avgpool2d_k2x3_s1x3_p1x1", "avgpool2d", [2, 3], [1, 3], [1, 1], [2, 2, 5, 8])

    def gap(name, op, shape):
        def build(kind, data):
            x = data.tensor(kind, shape)
            axes = tuple(range(2, len(shape)))
            y = x.astype(np.float64).mean(axis=axes, keepdims=True)
            return {"input": x, "expected": y.astype(np.float32)}
        cases.append((name, op, {}, build))

    gap("global_avg_pool1d", "global_avg_pool1d", [2, 4, 19])
    gap("global_avg_pool2d", "global_avg_pool2d", [2, 3, 5, 7])
    return cases


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

def write(folder, stem, cases, blob):
    index = {
        "format": FORMAT,
        "generator": "generate_golden.py",
        "seed": SEED,
        "blob": stem + ".bin",
        "cases": cases,
    }
    # One case per line: compact, yet diffs stay readable.
    head = json.dumps({k: v for k, v in index.items() if k != "cases"}, indent=1)[:-2]
    body = ",\n".join("  " + json.dumps(c) for c in cases)
    with open(os.path.join(folder, stem + ".json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(head + ',\n "cases": [\n' + body + "\n ]\n}\n")
    with open(os.path.join(folder, stem + ".bin"), "wb") as f:
        f.write(blob.bytes())


def main():
    folder = os.path.dirname(os.path.abspath(__file__))
    check_known_answers()
    data = Data(SEED)

    conv = (conv1d_cases() + conv2d_cases() + conv_transpose1d_cases() + conv_transpose2d_cases()
            + random_sweep(SEED + 1))
    blob = Blob()
    entries = []
    names = set()
    for case in conv:
        name = case_name(case)
        assert name not in names, name
        names.add(name)
        for kind in ("exact", "gaussian"):
            tensors = build_conv(case, kind, data)
            entries.append({"name": name, "op": case["op"], "kind": kind, "spec": conv_spec(case),
                            "tensors": {k: blob.add(v) for k, v in tensors.items()}})
    write(folder, "conv_cases", entries, blob)
    print("conv: %d cases x 2 kinds, %d floats, worst naive float32 error %.2e"
          % (len(conv), blob.size, NAIVE_F32_ERR[0]))

    blob = Blob()
    entries = []
    for name, op, spec, build in layer_cases():
        for kind in ("exact", "gaussian"):
            tensors = build(kind, data)
            entries.append({"name": name, "op": op, "kind": kind, "spec": spec,
                            "tensors": {k: blob.add(v) for k, v in tensors.items()}})
    write(folder, "layer_cases", entries, blob)
    print("layers: %d entries, %d floats" % (len(entries), blob.size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
