#!/usr/bin/env python3
"""Golden vectors for dev.convstream.features, from numpy/scipy only (librosa is not needed:
its formulas are written out below). Deterministic: fixed seeds, no timestamps.

Run from this folder:  python3 generate_features_golden.py
Writes ./golden/*.npy (float32 inputs, float64 references), a CNN architecture JSON with its
.safetensors weights, and an RTNeural-style JSON model with its reference output.

Layouts: spectrograms are [bins or n_mels][frames] (librosa's), CNN tensors PyTorch's
[N][C][H][W] with H = time frame and W = mel band (conv-core's StreamingConv2d streams H).
"""
import json
import os
import struct

import numpy as np
import scipy.signal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
os.makedirs(OUT, exist_ok=True)


def save(name, array, dtype):
    if __name__ != "__main__":
        return  # imported for its formulas (generate_parity_golden.py): write nothing
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(array, dtype=dtype))


# ---------------------------------------------------------------- FFT
FFT_SIZES = [1, 2, 4, 8, 64, 512, 2048, 3, 5, 7, 15, 100, 400, 441, 1000]
rng = np.random.default_rng(20261125)
for n in FFT_SIZES:
    x = rng.standard_normal(n).astype(np.float32)
    X = np.fft.rfft(x.astype(np.float64))
    save(f"fft_{n}_x", x, np.float32)
    save(f"fft_{n}_re", X.real, np.float64)
    save(f"fft_{n}_im", X.imag, np.float64)


# ---------------------------------------------------------------- STFT (librosa.stft written out)
def test_signal(sr, seconds, seed):
    r = np.random.default_rng(seed)
    t = np.arange(int(sr * seconds)) / sr
    x = (0.5 * np.sin(2 * np.pi * 440 * t) + 0.25 * np.sin(2 * np.pi * 3150.7 * t)
         + 0.1 * np.sin(2 * np.pi * 97 * t * (1 + t)) + 0.01 * r.standard_normal(t.size))
    return x.astype(np.float32)


def window(kind, win_length, n_fft):
    if kind == "none":
        w = np.ones(win_length)
    else:
        w = scipy.signal.get_window(kind, win_length, fftbins=True)  # periodic, as librosa
    lpad = (n_fft - win_length) // 2                                  # librosa.util.pad_center
    return np.pad(w, (lpad, n_fft - win_length - lpad))


def stft(x, n_fft, hop, win_length, kind, center, pad_mode, power):
    x = x.astype(np.float64)
    if center:
        x = np.pad(x, n_fft // 2, mode=pad_mode)
    frames = 1 + (x.size - n_fft) // hop if x.size >= n_fft else 0
    w = window(kind, win_length, n_fft)
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    spec = np.abs(np.fft.rfft(x[idx] * w[None, :], axis=1)) ** power
    return spec.T  # [bins][frames]


STFT_CASES = {
    # name: (sr, seconds, n_fft, hop, win_length, window, center, pad_mode, power)
    "a": (16000, 0.5, 512, 160, 512, "hann", True, "reflect", 2),
    "b": (16000, 0.5, 400, 100, 300, "hamming", False, "reflect", 1),
    "c": (22050, 0.3, 256, 64, 256, "none", True, "constant", 2),
    "d": (16000, 0.25, 441, 147, 441, "hann", True, "reflect", 2),
}
for name, (sr, sec, n_fft, hop, wl, kind, center, pad, power) in STFT_CASES.items():
    x = test_signal(sr, sec, 7)
    s = stft(x, n_fft, hop, wl, kind, center, pad, power)
    save(f"stft_{name}_x", x, np.float32)
    save(f"stft_{name}_spec", s, np.float64)

# Independent check of the framing and window against scipy.signal.stft, which scales by
# 1/sum(window): undo that and compare with center=False frames.
_x = test_signal(16000, 0.5, 7)
_ours = stft(_x, 512, 128, 512, "hann", False, "reflect", 1)
_, _, _z = scipy.signal.stft(_x.astype(np.float64), window="hann", nperseg=512, noverlap=384,
                             boundary=None, padded=False, detrend=False, return_onesided=True)
_w = scipy.signal.get_window("hann", 512)
assert np.allclose(np.abs(_z) * _w.sum(), _ours, rtol=1e-9, atol=1e-9), "framing differs from scipy.signal.stft"


# ---------------------------------------------------------------- mel (librosa.filters.mel written out)
def hz_to_mel(f, htk):
    f = np.asanyarray(f, dtype=np.float64)
    if htk:
        return 2595.0 * np.log10(1.0 + f / 700.0)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, mels)


def mel_to_hz(m, htk):
    m = np.asanyarray(m, dtype=np.float64)
    if htk:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filters(sr, n_fft, n_mels, fmin, fmax, htk, norm):
    if fmax is None:
        fmax = sr / 2
    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), n_mels + 2), htk)
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    weights = np.zeros((n_mels, 1 + n_fft // 2))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    if norm == "slaney":
        enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
        weights *= enorm[:, None]
    return weights


MEL_CASES = {
    # name: (sr, n_fft, n_mels, fmin, fmax, htk, norm)
    "slaney": (16000, 512, 40, 0.0, None, False, "slaney"),
    "htk": (22050, 1024, 64, 50.0, 8000.0, True, None),
    "slaney80": (16000, 400, 80, 20.0, 7600.0, False, "slaney"),
    "htknorm": (16000, 441, 32, 0.0, None, True, "slaney"),
}
for name, (sr, n_fft, n_mels, fmin, fmax, htk, norm) in MEL_CASES.items():
    save(f"mel_{name}", mel_filters(sr, n_fft, n_mels, fmin, fmax, htk, norm), np.float64)


# ---------------------------------------------------------------- log-mel (librosa.power_to_db, ref=1)
def power_to_db(s, amin=1e-10, top_db=80.0):
    log_spec = 10.0 * np.log10(np.maximum(amin, s))
    if top_db is not None:
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec


def band_normalize(x):
    mean = x.mean(axis=1, keepdims=True)
    std = np.maximum(x.std(axis=1, keepdims=True), 1e-5)
    return (x - mean) / std


def logmel(x, sr, n_fft, hop, n_mels, fmin, fmax, htk, norm, top_db, band_norm, center=True):
    s = stft(x, n_fft, hop, n_fft, "hann", center, "reflect", 2)
    m = mel_filters(sr, n_fft, n_mels, fmin, fmax, htk, norm) @ s
    d = power_to_db(m, top_db=top_db)
    return band_normalize(d) if band_norm else d


LOGMEL_CASES = {
    # name: (sr, seconds, n_fft, hop, n_mels, fmin, fmax, htk, norm, top_db, band_norm, center)
    "a": (16000, 0.5, 512, 160, 40, 0.0, None, False, "slaney", 80.0, False, True),
    "b": (22050, 0.4, 1024, 256, 64, 50.0, 8000.0, True, None, None, True, True),
    "c": (16000, 0.5, 400, 160, 80, 20.0, 7600.0, False, "slaney", 60.0, False, False),
}
for name, (sr, sec, n_fft, hop, n_mels, fmin, fmax, htk, norm, top_db, bn, center) in LOGMEL_CASES.items():
    x = test_signal(sr, sec, 11)
    save(f"logmel_{name}_x", x, np.float32)
    save(f"logmel_{name}", logmel(x, sr, n_fft, hop, n_mels, fmin, fmax, htk, norm, top_db, bn, center), np.float64)


# ---------------------------------------------------------------- 2D CNN (PyTorch semantics in numpy)
def conv2d(x, w, b, stride, padding, dilation, groups, mode):
    """x [C][H][W], w [Cout][Cin/g][kh][kw]; padding ((top, bottom), (left, right))."""
    np_mode = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode]
    xp = np.pad(x, ((0, 0), padding[0], padding[1]), mode=np_mode)
    cout, cin_g, kh, kw = w.shape
    cin = x.shape[0]
    ho = (xp.shape[1] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    wo = (xp.shape[2] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    y = np.zeros((cout, ho, wo))
    cout_g = cout // groups
    for co in range(cout):
        g = co // cout_g
        for ci in range(cin_g):
            for i in range(kh):
                for j in range(kw):
                    patch = xp[g * cin_g + ci,
                               i * dilation[0]: i * dilation[0] + stride[0] * (ho - 1) + 1: stride[0],
                               j * dilation[1]: j * dilation[1] + stride[1] * (wo - 1) + 1: stride[1]]
                    y[co] += w[co, ci, i, j] * patch
        if b is not None:
            y[co] += b[co]
    return y


def pool2d(x, kernel, stride, kind):
    c, h, w = x.shape
    ho = (h - kernel[0]) // stride[0] + 1
    wo = (w - kernel[1]) // stride[1] + 1
    y = np.zeros((c, ho, wo))
    for oy in range(ho):
        for ox in range(wo):
            win = x[:, oy * stride[0]: oy * stride[0] + kernel[0], ox * stride[1]: ox * stride[1] + kernel[1]]
            y[:, oy, ox] = win.max(axis=(1, 2)) if kind == "max" else win.mean(axis=(1, 2))
    return y


def batchnorm(x, mean, var, gamma, beta, eps):
    s = (x - mean[:, None, None]) / np.sqrt(var[:, None, None] + eps)
    return s * gamma[:, None, None] + beta[:, None, None] if gamma is not None else s


def write_safetensors(path, tensors):
    """tensors: list of (name, array, dtype string); numpy only."""
    header, blobs, offset = {}, [], 0
    np_types = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "BF16": None}
    for name, arr, dt in tensors:
        raw = np.ascontiguousarray(arr, dtype=np_types[dt]).tobytes()
        header[name] = {"dtype": dt, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for blob in blobs:
            f.write(blob)


CNN_ARCH = {
    "format": "convstream.cnn/1",
    "input": {"channels": 1, "mel_bands": 40},
    "layers": [
        {"type": "conv2d", "name": "features.0", "in_channels": 1, "out_channels": 8, "kernel_size": [3, 3],
         "padding": [[2, 0], [1, 1]]},
        {"type": "batchnorm2d", "name": "features.1", "num_features": 8, "eps": 1e-5},
        {"type": "activation", "function": "relu"},
        {"type": "maxpool2d", "kernel_size": [1, 2], "stride": [1, 2]},
        {"type": "dwsep_conv2d", "name": "features.4", "in_channels": 8, "out_channels": 16, "kernel_size": [3, 3],
         "padding": [[1, 1], [1, 1]]},
        {"type": "batchnorm2d", "name": "features.5", "num_features": 16, "eps": 1e-3, "affine": False},
        {"type": "activation", "function": "leaky_relu", "negative_slope": 0.1},
        {"type": "conv2d", "name": "features.7", "in_channels": 16, "out_channels": 12, "kernel_size": [2, 3],
         "stride": [1, 2], "dilation": [2, 1], "groups": 4, "padding": [[2, 0], [1, 1]]},
        {"type": "conv2d", "name": "features.8", "in_channels": 12, "out_channels": 12, "kernel_size": [1, 3],
         "padding": [[0, 0], [1, 1]], "padding_mode": "reflect", "bias": False},
        {"type": "avgpool2d", "kernel_size": [1, 2]},
        {"type": "activation", "function": "tanh"},
        {"type": "global_avg_pool"},
    ],
}
r = np.random.default_rng(5)
f32 = lambda *s: (r.standard_normal(s) * 0.4).astype(np.float32)
T = {
    "features.0.weight": f32(8, 1, 3, 3), "features.0.bias": f32(8),
    "features.1.weight": (1 + 0.2 * r.standard_normal(8)).astype(np.float32), "features.1.bias": f32(8),
    "features.1.running_mean": f32(8), "features.1.running_var": (0.5 + r.random(8)).astype(np.float32),
    "features.4.depthwise.weight": f32(8, 1, 3, 3), "features.4.depthwise.bias": f32(8),
    "features.4.pointwise.weight": f32(16, 8, 1, 1),
    "features.4.pointwise.bias": f32(16).astype(np.float16).astype(np.float32),  # stored as F16 below
    "features.5.running_mean": f32(16), "features.5.running_var": (0.5 + r.random(16)).astype(np.float32),
    "features.7.weight": f32(12, 4, 2, 3), "features.7.bias": f32(12),
    "features.8.weight": f32(12, 12, 1, 3),
}
write_safetensors(os.path.join(OUT, "cnn.safetensors"),
                  [(k, v, "F16" if k == "features.4.pointwise.bias" else "F32") for k, v in T.items()]
                  + [("features.1.num_batches_tracked", np.array(123, dtype=np.int64), "I64")])
with open(os.path.join(OUT, "cnn_arch.json"), "w") as f:
    json.dump(CNN_ARCH, f, indent=2)
    f.write("\n")

# Layout [C][H = time][W = mel], as FeatureExtractor and conv-core's StreamingConv2d.
D = {k: v.astype(np.float64) for k, v in T.items()}
x = (r.standard_normal((1, 50, 40)) * 2).astype(np.float32)
h = conv2d(x.astype(np.float64), D["features.0.weight"], D["features.0.bias"], (1, 1), ((2, 0), (1, 1)), (1, 1), 1, "zeros")
h = np.maximum(batchnorm(h, D["features.1.running_mean"], D["features.1.running_var"], D["features.1.weight"],
                         D["features.1.bias"], 1e-5), 0)
h = pool2d(h, (1, 2), (1, 2), "max")
h = conv2d(h, D["features.4.depthwise.weight"], D["features.4.depthwise.bias"], (1, 1), ((1, 1), (1, 1)), (1, 1), 8, "zeros")
h = conv2d(h, D["features.4.pointwise.weight"], D["features.4.pointwise.bias"], (1, 1), ((0, 0), (0, 0)), (1, 1), 1, "zeros")
h = batchnorm(h, D["features.5.running_mean"], D["features.5.running_var"], None, None, 1e-3)
h = np.where(h > 0, h, 0.1 * h)
h = conv2d(h, D["features.7.weight"], D["features.7.bias"], (1, 2), ((2, 0), (1, 1)), (2, 1), 4, "zeros")
h = conv2d(h, D["features.8.weight"], None, (1, 1), ((0, 0), (1, 1)), (1, 1), 1, "reflect")
h = np.tanh(pool2d(h, (1, 2), (1, 2), "avg"))
save("cnn_input", x[None], np.float32)                       # [1][1][50 frames][40 mels]
save("cnn_frames", h.mean(axis=2)[None], np.float64)         # [1][12][50]: mean over mel per frame
save("cnn_embedding", h.mean(axis=(1, 2))[None], np.float64)  # [1][12]


# ---------------------------------------------------------------- RTNeural Keras-export JSON models
def act(x, name):
    if name in ("", "linear"):
        return x
    if name == "tanh":
        return np.tanh(x)
    if name == "relu":
        return np.maximum(x, 0)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "elu":
        return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(name)


def rt_forward(model, x):
    """Causal, zero history: x is [T][C] or [T][F][C]; returns [T][...] per layer chain."""
    h = x.astype(np.float64)
    for L in model["layers"]:
        w = [np.asarray(a, dtype=np.float64) for a in L["weights"]]
        t = L["type"]
        if t == "dense":
            h = h.reshape(h.shape[0], -1) @ w[0] + w[1]
        elif t == "conv1d":
            K, d, g = L["kernel_size"][0], L["dilation"][0], L.get("groups", 1)
            T, C = h.shape
            cout = w[0].shape[2]
            hp = np.concatenate([np.zeros(((K - 1) * d, C)), h])
            y = np.zeros((T, cout))
            cin_g, cout_g = C // g, cout // g
            for k in range(K):
                seg = hp[k * d: k * d + T]           # tap k reads x[t - (K-1-k) d]
                for gi in range(g):
                    y[:, gi * cout_g:(gi + 1) * cout_g] += seg[:, gi * cin_g:(gi + 1) * cin_g] @ w[0][k][:, gi * cout_g:(gi + 1) * cout_g]
            h = y + w[1]
        elif t == "conv2d":
            one = lambda v: v[0] if isinstance(v, list) else v  # RTNeural writes ints or [int]
            Kt, Kf, d, s = (one(L[k]) for k in ("kernel_size_time", "kernel_size_feature", "dilation", "strides"))
            T, F, C = h.shape
            if L["padding"] == "same":
                tot = max(Kf - s, 0) if F % s == 0 else max(Kf - F % s, 0)
                pl, pr = tot // 2, tot - tot // 2
                fo = -(-F // s)
            else:
                pl = pr = 0
                fo = -(-(F - Kf + 1) // s)
            hp = np.pad(h, (((Kt - 1) * d, 0), (pl, pr), (0, 0)))
            cout = w[0].shape[3]
            y = np.zeros((T, fo, cout))
            for a in range(Kt):
                for f in range(Kf):
                    seg = hp[a * d: a * d + T, f: f + s * (fo - 1) + 1: s, :]   # [T][fo][C]
                    y += seg @ w[0][a, f]
            h = y + w[1]
        elif t in ("batchnorm", "batchnorm2d"):
            eps = L["epsilon"]
            if len(w) == 4:
                gamma, beta, mean, var = w
            else:
                mean, var = w
                gamma, beta = 1.0, 0.0
            h = gamma * (h - mean) / np.sqrt(var + eps) + beta
        elif t == "prelu":
            alpha = w[0].reshape(-1)
            if alpha.size == 1:
                alpha = alpha[0]
            h = np.maximum(h, 0) + alpha * np.minimum(h, 0)
        elif t == "activation":
            pass
        else:
            raise ValueError(t)
        h = act(h, L.get("activation", ""))
    return h


rr = np.random.default_rng(99)
lst = lambda *s: np.round(rr.standard_normal(s) * 0.5, 6).tolist()
RT1 = {"in_shape": [None, None, 2], "layers": [
    {"type": "conv1d", "activation": "tanh", "shape": [None, None, 4], "kernel_size": [3], "dilation": [2],
     "weights": [lst(3, 2, 4), lst(4)]},
    {"type": "batchnorm", "activation": "", "shape": [None, None, 4], "epsilon": 0.001,
     "weights": [lst(4), lst(4), lst(4), (0.5 + rr.random(4)).round(6).tolist()]},
    {"type": "prelu", "activation": "", "shape": [None, None, 4], "weights": [lst(1, 4)]},
    {"type": "conv1d", "activation": "", "shape": [None, None, 4], "kernel_size": [2], "dilation": [1], "groups": 2,
     "weights": [lst(2, 2, 4), lst(4)]},
    {"type": "activation", "activation": "elu", "shape": [None, None, 4], "weights": []},
    {"type": "dense", "activation": "sigmoid", "shape": [None, None, 3], "weights": [lst(4, 3), lst(3)]},
    {"type": "dense", "activation": "softmax", "shape": [None, None, 3], "weights": [lst(3, 3), lst(3)]},
]}
RT2 = {"in_shape": [None, None, 8, 1], "layers": [
    {"type": "conv2d", "activation": "relu", "shape": [None, None, 24], "kernel_size_time": 2, "kernel_size_feature": 3,
     "dilation": 1, "strides": 1, "num_filters_in": 1, "num_features_in": 8, "num_filters_out": 3, "padding": "same",
     "weights": [lst(2, 3, 1, 3), lst(3)]},
    {"type": "batchnorm2d", "activation": "", "shape": [None, None, 24], "epsilon": 0.001,
     "weights": [lst(3), (0.5 + rr.random(3)).round(6).tolist()]},
    {"type": "conv2d", "activation": "", "shape": [None, None, 6], "kernel_size_time": 3, "kernel_size_feature": 3,
     "dilation": 2, "strides": 2, "num_filters_in": 3, "num_features_in": 8, "num_filters_out": 2, "padding": "valid",
     "weights": [lst(3, 3, 3, 2), lst(2)]},
    {"type": "prelu", "activation": "", "shape": [None, None, 6], "weights": [lst(1, 1)]},
    {"type": "dense", "activation": "tanh", "shape": [None, None, 4], "weights": [lst(6, 4), lst(4)]},
]}
# TensorFlow's "same" rule when F % stride != 0 (asymmetric feature padding), time dilation 3.
RT3 = {"in_shape": [None, None, 7, 2], "layers": [
    {"type": "conv2d", "activation": "sigmoid", "shape": [None, None, 4, 3], "kernel_size_time": 1,
     "kernel_size_feature": 4, "dilation": [1], "strides": [2], "num_filters_in": 2, "num_features_in": 7,
     "num_filters_out": 3, "padding": "same", "weights": [lst(1, 4, 2, 3), lst(3)]},
    {"type": "conv2d", "activation": "", "shape": [None, None, 2, 2], "kernel_size_time": 2,
     "kernel_size_feature": 2, "dilation": 3, "strides": 3, "num_filters_in": 3, "num_features_in": 4,
     "num_filters_out": 2, "padding": "same", "weights": [lst(2, 2, 3, 2), lst(2)]},
    {"type": "batchnorm2d", "activation": "softmax", "shape": [None, None, 4], "epsilon": 0.01,
     "weights": [lst(2), lst(2), lst(2), (0.5 + rr.random(2)).round(6).tolist()]},
]}
for name, model, shape in (("rtneural_1d", RT1, (40, 2)), ("rtneural_2d", RT2, (30, 8, 1)),
                           ("rtneural_2d_same", RT3, (25, 7, 2))):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(model, f)
        f.write("\n")
    xin = rr.standard_normal(shape).astype(np.float32)
    save(name + "_x", xin.reshape(shape[0], -1), np.float32)
    save(name + "_y", rt_forward(model, xin).reshape(shape[0], -1), np.float64)
