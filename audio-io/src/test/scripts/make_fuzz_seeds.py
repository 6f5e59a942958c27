#!/usr/bin/env python3
"""Writes the seed corpus of the audio fuzz harnesses: tiny WAV, AIFF and AU files in each
encoding the readers handle (16/24/32-bit PCM, 8-bit unsigned, float32, mu-law; mono and
stereo), headers written byte by byte so every field is the one the spec names.

Usage: make_fuzz_seeds.py DIR [DIR...]   (each DIR gets the same files)
"""
import math
import struct
import sys
from pathlib import Path

FRAMES = 16
RATE = 8000


def samples(channels):
    return [[math.sin(2 * math.pi * (c + 1) * t / FRAMES) * 0.5 for c in range(channels)] for t in range(FRAMES)]


def pcm(frames, bits, little, unsigned_8=False, floating=False):
    out = bytearray()
    for frame in frames:
        for x in frame:
            if floating:
                out += struct.pack("<f" if little else ">f", x)
            elif bits == 8:
                v = int(round(x * 127))
                out += struct.pack("B", v + 128) if unsigned_8 else struct.pack("b", v)
            else:
                v = int(round(x * (2 ** (bits - 1) - 1)))
                b = v.to_bytes(4, "little" if little else "big", signed=True)
                out += b[: bits // 8] if little else b[4 - bits // 8:]
    return bytes(out)


def wav(channels, bits, floating=False):
    data = pcm(samples(channels), bits, True, unsigned_8=True, floating=floating)
    fmt = struct.pack("<HHIIHH", 3 if floating else 1, channels, RATE, RATE * channels * bits // 8,
                      channels * bits // 8, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def ieee_extended(x):
    exponent = int(math.floor(math.log2(x)))
    mantissa = int(x / 2 ** exponent * 2 ** 63)
    return struct.pack(">HQ", exponent + 16383, mantissa)


def aiff(channels, bits):
    data = pcm(samples(channels), bits, False)
    comm = struct.pack(">hIh", channels, FRAMES, bits) + ieee_extended(RATE)
    ssnd = struct.pack(">II", 0, 0) + data
    body = (b"AIFF" + b"COMM" + struct.pack(">I", len(comm)) + comm
            + b"SSND" + struct.pack(">I", len(ssnd)) + ssnd)
    return b"FORM" + struct.pack(">I", len(body)) + body


def mulaw(x):
    v = int(max(-32635, min(32635, x * 32767)))
    sign = 0x80 if v < 0 else 0
    v = abs(v) + 0x84
    exponent = max(0, min(7, v.bit_length() - 8))
    mantissa = (v >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def au(channels, encoding):
    frames = samples(channels)
    data = bytes(mulaw(x) for f in frames for x in f) if encoding == 1 else pcm(frames, 16, False)
    return struct.pack(">4sIIIII", b".snd", 24, len(data), encoding, RATE, channels) + data


def claims(wav_bytes, data_size=None, channels=None):
    """A WAV whose header claims what its bytes do not hold: the hostile headers of issue 17."""
    b = bytearray(wav_bytes)
    if channels is not None:
        struct.pack_into("<H", b, 22, channels)
        struct.pack_into("<H", b, 32, channels * 2 & 0xFFFF)
        struct.pack_into("<I", b, 28, RATE * channels * 2 & 0xFFFFFFFF)
    if data_size is not None:
        struct.pack_into("<I", b, 40, data_size)
    return bytes(b)


FILES = {
    "pcm16_mono.wav": wav(1, 16),
    "pcm24_stereo.wav": wav(2, 24),
    "pcm32_mono.wav": wav(1, 32),
    "u8_mono.wav": wav(1, 8),
    "float32_stereo.wav": wav(2, 32, floating=True),
    "pcm16_stereo.aiff": aiff(2, 16),
    "pcm24_mono.aiff": aiff(1, 24),
    "mulaw_mono.au": au(1, 1),
    "pcm16_stereo.au": au(2, 3),
    "claims_2e31_frames.wav": claims(wav(1, 16), data_size=0xFFFFFFFE),
    "claims_65535_channels.wav": claims(wav(1, 16), channels=65535),
    "claims_65535_channels_huge.wav": claims(wav(1, 16), data_size=0xFFFFFFFE, channels=65535),
}

for d in sys.argv[1:]:
    Path(d).mkdir(parents=True, exist_ok=True)
    for name, content in FILES.items():
        (Path(d) / name).write_bytes(content)
