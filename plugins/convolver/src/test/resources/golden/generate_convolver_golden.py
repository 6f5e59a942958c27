#!/usr/bin/env python3
"""Golden vectors for the convolver plugin (ConvolverGoldenTest).

Run from this directory: python3 generate_convolver_golden.py (numpy, scipy). Deterministic.

Writes
  ir_short_mono.wav   31 taps, 1 channel       32-bit float WAV at 48 kHz
  ir_short_stereo.wav 31 taps, 2 channels
  ir_long_mono.wav    20,000 taps, 1 channel   (longer than any partition: exercises the FFT tail)
  ir_long_stereo.wav  20,000 taps, 2 channels
  input.f32           the stereo input, 1,500 frames
  expected_<ir>.f32   the full linear convolution (input length + taps - 1 frames) of the
                      stereo input with that IR: a mono IR convolves both channels, a stereo
                      IR convolves channel c with IR channel c
  expected_<ir>_mono_in.f32  for the stereo IRs: channel 0 of the input alone (a mono stream)
                      convolved with IR channel c, for c = 0, 1 (mono to stereo)

.f32 files are raw little-endian float32, planar: all frames of channel 0, then channel 1.
The reference is scipy.signal.fftconvolve in float64 on the float32 values the plugin reads,
rounded to float32 at the end.
"""
import numpy as np
from scipy.io import wavfile
from scipy.signal import fftconvolve

RATE = 48_000
FRAMES = 1_500
rng = np.random.default_rng(20261125)

t = np.arange(FRAMES) / RATE
x = np.stack([
    0.5 * np.sin(2 * np.pi * 440 * t) + 0.2 * rng.uniform(-1, 1, FRAMES),
    0.4 * np.sin(2 * np.pi * 97 * t + 1) + 0.3 * rng.uniform(-1, 1, FRAMES),
]).astype(np.float32)
# a click and a step: edges that expose off-by-one alignment
x[0, 700] = 0.9
x[1, 1000:1100] += 0.25


def short_ir(seed):
    r = np.random.default_rng(seed)
    return (r.normal(0, 0.3, 31) * np.exp(-np.arange(31) / 8)).astype(np.float32)


def long_ir(seed):
    # a decaying noise tail, like a small room, with a direct sound at tap 0
    r = np.random.default_rng(seed)
    h = r.normal(0, 0.05, 20_000) * np.exp(-np.arange(20_000) / 5_000)
    h[0] = 0.8
    return h.astype(np.float32)


irs = {
    "short_mono": short_ir(1)[None, :],
    "short_stereo": np.stack([short_ir(2), short_ir(3)]),
    "long_mono": long_ir(4)[None, :],
    "long_stereo": np.stack([long_ir(5), long_ir(6)]),
}

x.astype("<f4").tofile("input.f32")
for name, h in irs.items():
    wavfile.write(f"ir_{name}.wav", RATE, np.ascontiguousarray(h.T) if h.shape[0] > 1 else h[0])
    y = np.stack([
        fftconvolve(x[c].astype(np.float64), h[0 if h.shape[0] == 1 else c].astype(np.float64))
        for c in range(x.shape[0])
    ])
    y.astype("<f4").tofile(f"expected_{name}.f32")
    if h.shape[0] > 1:
        mono_in = np.stack([fftconvolve(x[0].astype(np.float64), h[c].astype(np.float64)) for c in range(h.shape[0])])
        mono_in.astype("<f4").tofile(f"expected_{name}_mono_in.f32")
    print(name, h.shape, "->", y.shape, "max |y| =", float(np.abs(y).max()),
          "L1 =", float(np.abs(h.astype(np.float64)).sum(axis=1).max()))
