#!/usr/bin/env python3
"""Golden vectors for dev.convstream.resample, from numpy/scipy only. Deterministic (fixed seed).

Run from this folder:  python3 generate_resample_golden.py
Writes ./golden/<in>_<out>_{x,h,y}.npy for each rate pair:
  x  float32, 3000 samples of seeded noise (std 0.3)
  h  float64, the prototype low-pass at up * in Hz, designed here independently of the Java code
     from the documented parameters (docs/resampler.md): scipy.signal.firwin with a Kaiser window
  y  float64, scipy.signal.resample_poly(x, up, down, window=h): output k at input time k*down/up,
     ceil(len(x)*up/down) samples, zeros outside the signal
"""
import math
import os

import numpy as np
import scipy.signal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
os.makedirs(OUT, exist_ok=True)

PASSBAND, STOPBAND, ATTENUATION_DB = 0.9, 1.0, 110.0
PAIRS = [(44100, 16000), (48000, 16000), (48000, 44100), (8000, 16000), (44100, 48000)]


def design(rate_in, rate_out):
    g = math.gcd(rate_in, rate_out)
    up, down = rate_out // g, rate_in // g
    lower_nyquist = min(rate_in, rate_out) / 2
    width = (STOPBAND - PASSBAND) * lower_nyquist / rate_in  # cycles per input sample
    order = math.ceil((ATTENUATION_DB - 7.95) / (2.285 * 2 * math.pi * width))  # Kaiser's estimate
    taps = order + (order & 1)
    beta = scipy.signal.kaiser_beta(ATTENUATION_DB)
    cutoff_hz = (PASSBAND + STOPBAND) / 2 * lower_nyquist
    # Odd length on the up-sampled grid: centred, half width taps/2 input samples, as the Java window.
    h = scipy.signal.firwin(taps * up + 1, cutoff_hz, window=("kaiser", beta), fs=rate_in * up)
    return up, down, taps, h


rng = np.random.default_rng(20261202)
for rate_in, rate_out in PAIRS:
    up, down, taps, h = design(rate_in, rate_out)
    x = (0.3 * rng.standard_normal(3000)).astype(np.float32)
    y = scipy.signal.resample_poly(x.astype(np.float64), up, down, window=h)
    assert len(y) == -(-len(x) * up // down)
    stem = f"{rate_in}_{rate_out}"
    np.save(os.path.join(OUT, stem + "_x.npy"), x)
    np.save(os.path.join(OUT, stem + "_h.npy"), h.astype(np.float64))
    np.save(os.path.join(OUT, stem + "_y.npy"), y.astype(np.float64))
    print(f"{stem}: up {up} down {down} taps {taps} prototype {len(h)}")
