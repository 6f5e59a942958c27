"""Writes the inputs of RTNeural's torch tests that RTNeural generates rather than stores.

RTNeural's python/conv1d_torch_group.py, gru_torch.py, lstm_torch.py, conv1d_torch_stride.py and
convtranspose1d_torch.py and microtcn.py draw their inputs with
numpy's legacy generator after np.random.seed(1001) (the RandomState stream is stable across
numpy versions). This script draws them the same way, then checks the copied RTNeural reference
outputs (*_y_python.first40.csv) against an independent numpy forward pass of the copied models,
so a transcription error in the copied files cannot go unnoticed. It also writes
microtcn_block.json: RTNeural's four microtcn files (microtcn/, verbatim) merged into the one
state_dict that TCNBlock(1, 32, 4, 10).state_dict() is (keys conv1., bn., relu., res.; bn's "eps",
RTNeural's own addition, as bn.eps), with its convstream_torch_layers list. Run from this folder:
    python3 make_torch_inputs.py
"""
import json
import numpy as np

np.random.seed(1001)
x = np.random.uniform(-1, 1, 3000).reshape(6, -1)  # conv1d_torch_group.py: [1, 6, 500]
np.savetxt("conv1d_torch_group_x.csv", x[:, :80].T, delimiter=",", fmt="%.17g")  # [frame][channel]

np.random.seed(1001)
r = np.random.uniform(-1, 1, 1000).astype(np.float32)  # gru_torch.py / lstm_torch.py
np.savetxt("recurrent_torch_x.csv", r[:80], fmt="%.9g")

np.random.seed(1001)
xs = np.random.uniform(-1, 1, 1000)  # conv1d_torch_stride.py: float64, [1, 1, 1000]
np.savetxt("conv1d_torch_stride_x.csv", xs[:130], fmt="%.17g")  # 40 strided outputs need 3*39+5 frames

np.random.seed(1001)
xt = np.random.uniform(-1, 1, [4, 100])  # convtranspose1d_torch.py: [in_channels, 100]
np.savetxt("convtranspose1d_torch_x.csv", xt.T, delimiter=",", fmt="%.17g")  # [frame][channel]

np.random.seed(1001)
xm = np.random.uniform(-1, 1, 1000)  # microtcn.py: float64, [1, 1, 1000]
np.savetxt("microtcn_x.csv", xm[:200], fmt="%.17g")  # 40 reference frames start at frame (4-1)*10 = 30

block = {"convstream_torch_layers": [{"type": "tcn_block", "prefix": "", "in": 1, "out": 32, "kernel_size": 4,
                                      "dilation": 10}]}
for part in ("conv1", "bn", "relu", "res"):
    for k, v in json.load(open("microtcn/" + part + ".json")).items():
        block[part + "." + k] = v
with open("microtcn_block.json", "w") as f:
    json.dump(block, f)

# --- check the copied references against numpy
m = json.load(open("conv1d_torch_group_6_3_4_10_3.json"))
w, b = np.array(m["weight"]), np.array(m["bias"])
ref = np.array([[b[o] + sum(w[o][i][k] * x[2 * o + i][n + 10 * k] for i in range(2) for k in range(4))
                 for n in range(40)] for o in range(3)])
assert abs(ref - np.loadtxt("conv1d_torch_group_y_python_6_3_4_10_3.first40.csv", delimiter=",")).max() < 1e-12

sig = lambda v: 1 / (1 + np.exp(-v))
for kind in ("gru", "lstm"):
    A = {k: np.array(v) for k, v in json.load(open(kind + "_torch.json")).items()}
    H, h, c, out = 8, np.zeros(8), np.zeros(8), []
    for t in range(40):
        g = A[kind + ".weight_ih_l0"] @ [r[t]] + A[kind + ".bias_ih_l0"]
        u = A[kind + ".weight_hh_l0"] @ h + A[kind + ".bias_hh_l0"]
        if kind == "gru":
            rr, z = sig(g[:H] + u[:H]), sig(g[H:2 * H] + u[H:2 * H])
            h = (1 - z) * np.tanh(g[2 * H:] + rr * u[2 * H:]) + z * h
        else:
            s = g + u
            c = sig(s[H:2 * H]) * c + sig(s[:H]) * np.tanh(s[2 * H:3 * H])
            h = sig(s[3 * H:]) * np.tanh(c)
        out.append((A["dense.weight"] @ h + A["dense.bias"])[0])
    err = abs(np.array(out) - np.loadtxt(kind + "_torch_y_python.first40.csv")).max()
    assert err < 1e-6, (kind, err)
# Conv1d(1, 12, 5, stride=3), valid: y[o][m] = b[o] + sum_k w[o][0][k] x[3m + k]
m = json.load(open("conv1d_torch_stride_3.json"))
w, b = np.array(m["weight"]), np.array(m["bias"])
ref = np.array([[b[o] + w[o, 0] @ xs[3 * n:3 * n + 5] for n in range(40)] for o in range(12)])
assert abs(ref[:2] - np.loadtxt("conv1d_torch_y_python_stride_3.first40.csv", delimiter=",")).max() < 1e-12

# ConvTranspose1d(4, 15, 5, stride=3, padding=3): scatter each input frame, crop 3 frames each side
m = json.load(open("convtranspose1d_torch.json"))
w, b = np.array(m["weight"]), np.array(m["bias"])  # weight [in][out][K]
full = np.zeros((15, 99 * 3 + 5)) + b[:, None]
for t in range(100):
    for k in range(5):
        full[:, 3 * t + k] += xt[:, t] @ w[:, :, k]
ref = full[:, 3:-3]
assert abs(ref[:2, :40] - np.loadtxt("convtranspose1d_torch_y_python.first40.csv", delimiter=",")).max() < 1e-12
# RTNeural's TCNBlock(1, 32, 4, 10): conv1 (no bias) -> BatchNorm1d (eval: running stats) -> PReLU(32),
# plus res = Conv1d(1, 32, 1, groups=1, no bias) on the input frame aligned with the conv's newest tap
P = {p: json.load(open("microtcn/" + p + ".json")) for p in ("conv1", "bn", "relu", "res")}
w, bn = np.array(P["conv1"]["weight"]), {k: np.array(v) for k, v in P["bn"].items()}
conv = np.array([[w[o, 0] @ xm[n:n + 31:10] for n in range(40)] for o in range(32)])
z = (conv - bn["running_mean"][:, None]) / np.sqrt(bn["running_var"][:, None] + bn["eps"]) * bn["weight"][:, None] \
    + bn["bias"][:, None]
a = np.array(P["relu"]["weight"])[:, None]
ref = np.where(z >= 0, z, a * z) + np.array(P["res"]["weight"])[:, 0, 0][:, None] * xm[None, 30:70]
assert abs(ref[:2] - np.loadtxt("microtcn_y_python.first40.csv", delimiter=",")).max() < 1e-12
print("inputs written; copied RTNeural references agree with numpy")
