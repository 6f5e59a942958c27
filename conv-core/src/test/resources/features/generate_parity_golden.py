#!/usr/bin/env python3
"""Golden vectors for convstream's librosa-parity options (pad modes, windows, amplitude dB,
ref, amin, MFCC, linear STFT), from numpy/scipy only: librosa's documented behaviour
(0.10) is written out here on top of the STFT and mel formulas of generate_features_golden.py.

Run from this folder:  python3 generate_parity_golden.py
Writes ./golden/parity_*.npy: float32 inputs, float64 references in librosa's layout
[features][frames].
"""
import os

import numpy as np
import scipy.fft
import scipy.signal

from generate_features_golden import mel_filters, stft, test_signal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def save(name, array, dtype):
    np.save(os.path.join(OUT, "parity_" + name + ".npy"), np.ascontiguousarray(array, dtype=dtype))


def power_to_db(s, ref=1.0, amin=1e-10, top_db=80.0):
    """librosa.power_to_db; ref may be np.max."""
    ref_value = ref(s) if callable(ref) else ref
    log_spec = 10.0 * np.log10(np.maximum(amin, s)) - 10.0 * np.log10(np.maximum(amin, ref_value))
    if top_db is not None:
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec


def amplitude_to_db(s, ref=1.0, amin=1e-5, top_db=80.0):
    """librosa.amplitude_to_db: power_to_db of the squares with ref**2 and amin**2."""
    magnitude = np.abs(s)
    ref_value = ref(magnitude) if callable(ref) else np.abs(ref)
    return power_to_db(magnitude ** 2, ref=ref_value ** 2, amin=amin ** 2, top_db=top_db)


def melspectrogram(x, sr, n_fft=2048, hop=512, window="hann", pad_mode="constant", power=2, n_mels=128,
                   fmin=0.0, fmax=None, htk=False, norm="slaney"):
    """librosa.feature.melspectrogram with librosa >= 0.10's defaults (center=True, pad_mode='constant')."""
    s = stft(x, n_fft, hop, n_fft, window, True, pad_mode, power)
    return mel_filters(sr, n_fft, n_mels, fmin, fmax, htk, norm) @ s


def mfcc(x, sr, n_mfcc=20, lifter=0, **mel_kwargs):
    """librosa.feature.mfcc: DCT-II ortho over the mel axis of power_to_db(melspectrogram), then the lifter."""
    m = scipy.fft.dct(power_to_db(melspectrogram(x, sr, **mel_kwargs)), axis=-2, type=2, norm="ortho")[:n_mfcc]
    if lifter > 0:
        li = np.sin(np.pi * np.arange(1, 1 + n_mfcc) / lifter)
        m = m * (1 + (lifter / 2) * li)[:, None]
    return m


x16 = test_signal(16000, 0.5, 23)
x22 = test_signal(22050, 0.6, 29)
save("x16", x16, np.float32)
save("x22", x22, np.float32)

# numpy.pad modes of a centred STFT (n_fft 256, hop 64, power 2): the first and last frames differ.
for mode in ["constant", "reflect", "edge", "symmetric", "wrap"]:
    save("pad_" + mode, stft(x16, 256, 64, 256, "hann", True, mode, 2), np.float64)

# scipy.signal.get_window(name, N, fftbins=True), the periodic windows librosa uses, for N in 1, 7, 8, 400.
for name in ["hann", "hamming", "blackman", "blackmanharris", "nuttall", "flattop", "bartlett", "triang",
             "cosine", "boxcar"]:
    save("window_" + name, np.concatenate([scipy.signal.get_window(name, n, fftbins=True) for n in (1, 7, 8, 400)]),
         np.float64)

# librosa.power_to_db(librosa.feature.melspectrogram(y, sr=22050)): every default.
save("default_logmel", power_to_db(melspectrogram(x22, 22050)), np.float64)
# amplitude_to_db(melspectrogram(power=1), ref=np.max): 20 log10, amin 1e-5.
save("amp_refmax", amplitude_to_db(melspectrogram(x16, 16000, n_fft=512, hop=160, power=1, n_mels=40),
                                   ref=np.max), np.float64)
# power_to_db(melspectrogram, ref=0.5, amin=1e-6, top_db=None), blackman window, htk mels without norm.
save("pow_ref_amin", power_to_db(melspectrogram(x16, 16000, n_fft=400, hop=160, window="blackman", n_mels=64,
                                                htk=True, norm=None), ref=0.5, amin=1e-6, top_db=None), np.float64)
# librosa.feature.mfcc(y, sr=16000, n_mfcc=13, lifter=22, n_fft=512, hop_length=160, n_mels=40).
save("mfcc_lifter", mfcc(x16, 16000, n_mfcc=13, lifter=22, n_fft=512, hop=160, n_mels=40), np.float64)
# librosa.feature.mfcc with power=1 (still power_to_db, as librosa does), htk, norm=None, 20 coefficients.
save("mfcc_power1", mfcc(x22, 22050, n_mfcc=20, n_fft=1024, hop=256, power=1, n_mels=64, htk=True, norm=None),
     np.float64)
# np.abs(librosa.stft(y, n_fft=512, hop_length=128, window='hamming')): linear-frequency magnitude.
save("stft_mag", stft(x16, 512, 128, 512, "hamming", True, "constant", 1), np.float64)
# librosa.amplitude_to_db(np.abs(librosa.stft(y, n_fft=512, hop_length=128)), ref=np.max).
save("stft_db_refmax", amplitude_to_db(stft(x16, 512, 128, 512, "hann", True, "constant", 1), ref=np.max),
     np.float64)
