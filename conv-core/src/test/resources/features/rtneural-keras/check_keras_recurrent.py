"""Checks the copied RTNeural Keras-export recurrent models against their copied references.

gru_1d.json, lstm_1d.json and *_y_python.csv are RTNeural's models/ and test_data/ files
(python/gru_1d.py, lstm_1d.py: a Keras GRU(8) + Dense(8, sigmoid) + Dense(1), and a Keras LSTM(8)
+ Dense(1), on x = 10 sin(0.1 pi n), n < 100). This numpy forward pass, written from Keras's
definitions (GRU reset_after=True: kernel/recurrent columns z, r, h, bias [input, recurrent];
LSTM columns i, f, c, o, one bias), must reproduce them, so a transcription error in the copies
cannot go unnoticed. The input is not copied: it is written here. Run from this folder:
    python3 check_keras_recurrent.py
"""
import json
import numpy as np

x = 10 * np.sin(np.arange(100) * np.pi * 0.1)
np.savetxt("recurrent_1d_x.csv", x, fmt="%.17g")
sig = lambda v: 1 / (1 + np.exp(-v))


def dense(layer, v):
    w, b = (np.array(a) for a in layer["weights"])
    y = v @ w + b
    return sig(y) if layer["activation"] == "sigmoid" else y


for kind in ("gru", "lstm"):
    m = json.load(open(kind + "_1d.json"))
    rec = m["layers"][0]
    W, U, B = (np.array(a) for a in rec["weights"])
    H = U.shape[0]
    h, c, out = np.zeros(H), np.zeros(H), []
    for t in range(len(x)):
        if kind == "gru":
            gi, gh = x[t] * W[0] + B[0], h @ U + B[1]
            z, r = sig(gi[:H] + gh[:H]), sig(gi[H:2 * H] + gh[H:2 * H])
            h = z * h + (1 - z) * np.tanh(gi[2 * H:] + r * gh[2 * H:])
        else:
            s = x[t] * W[0] + h @ U + B
            c = sig(s[H:2 * H]) * c + sig(s[:H]) * np.tanh(s[2 * H:3 * H])
            h = sig(s[3 * H:]) * np.tanh(c)
        v = h
        for layer in m["layers"][1:]:
            v = dense(layer, v)
        out.append(v[0])
    err = abs(np.array(out) - np.loadtxt(kind + "_1d_y_python.csv")).max()
    assert err < 1e-5, (kind, err)  # the references are float32 Keras outputs
    print(kind, "max error", err)
print("input written; copied RTNeural Keras references agree with numpy")
