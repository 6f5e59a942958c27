#!/usr/bin/env python3
"""Winograd F(4x4, 3x3): the transform matrices for two sets of interpolation points, and their
fp32 error on random 64-channel layers against the direct sum (docs/winograd.md).

For points p_0..p_4 and infinity: A^T is the Vandermonde matrix of the points (plus the row of
infinity), G the filter's evaluations scaled by 1 / prod_{l != j}(p_j - p_l), and B^T the unique
matrix that makes A^T [(G g) * (B^T d)] the correlation of g and d (solved here from that
identity). The fp32 simulation rounds after each stage as the Java kernels do (transforms in
fp32, U from double, M accumulated in fp32 by numpy's sgemm). Usage: python3 winograd_points.py
"""
from fractions import Fraction as F

import numpy as np


def matrices(points):
    n, m, r = len(points) + 1, 4, 3
    at = np.zeros((m, n))
    for i in range(m):
        for j, p in enumerate(points):
            at[i, j] = float(p) ** i
    at[m - 1, n - 1] = 1
    f = [np.prod([float(pj - pl) for pl in points if pl != pj]) for pj in points]
    g = np.zeros((n, r))
    for j, p in enumerate(points):
        for k in range(r):
            g[j, k] = float(p) ** k / f[j]
    g[n - 1, r - 1] = 1
    rows, rhs = [], []
    for i in range(m):
        for k in range(r):
            for l in range(n):
                row = np.zeros(n * n)
                for j in range(n):
                    row[j * n + l] = at[i, j] * g[j, k]
                rows.append(row)
                rhs.append(1.0 if l == i + k else 0.0)
    sol, _, rank, _ = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)
    assert rank == n * n
    return at, g, sol.reshape(n, n)


def winograd(x, w, at, g, bt):
    """x [Cin][4th+2][4tw+2] (padded), w [Cout][Cin][3][3]: fp32 Winograd output [Cout][4th][4tw]."""
    f = np.float32
    at32, bt32 = at.astype(f), bt.astype(f)
    u = np.einsum('ik,oxkl,jl->ijox', g, w.astype(np.float64), g).astype(f)
    cin, h, wd = x.shape
    th, tw = (h - 2) // 4, (wd - 2) // 4
    d = np.stack([np.stack([x[:, 4 * a:4 * a + 6, 4 * b:4 * b + 6] for b in range(tw)], 1)
                  for a in range(th)], 1).astype(f)
    t = np.einsum('ir,ctwrs->ctwis', bt32, d).astype(f)
    v = np.einsum('js,ctwis->ijctw', bt32, t).astype(f)
    mm = np.einsum('ijoc,ijctw->ijotw', u, v).astype(f)
    t2 = np.einsum('ai,ijotw->ajotw', at32, mm).astype(f)
    y = np.einsum('bj,ajotw->otawb', at32, t2).astype(f)
    return y.reshape(w.shape[0], th * 4, tw * 4)


def direct(x, w, dtype):
    cin, h, wd = x.shape
    oh, ow = h - 2, wd - 2
    cols = np.stack([x[:, ky:ky + oh, kx:kx + ow] for ky in range(3) for kx in range(3)], 1)
    return (w.reshape(w.shape[0], -1).astype(dtype) @ cols.reshape(cin * 9, oh * ow).astype(dtype)).reshape(-1, oh, ow)


def main():
    sets = {'0, +-1, +-2, inf': [F(0), F(1), F(-1), F(2), F(-2)],
            '0, +-1, +-1/2, inf': [F(0), F(1), F(-1), F(1, 2), F(-1, 2)]}
    np.set_printoptions(precision=6, suppress=True, linewidth=120)
    for name, pts in sets.items():
        at, g, bt = matrices(pts)
        print(name, '\nA^T\n', at, '\nG\n', g, '\nB^T\n', bt)
    rng = np.random.default_rng(1)
    for seed in range(5):
        x = rng.standard_normal((64, 58, 58)).astype(np.float32)
        w = (rng.standard_normal((64, 64, 3, 3)) / 24).astype(np.float32)
        ref = direct(x.astype(np.float64), w.astype(np.float64), np.float64)
        scale = np.abs(ref).max()
        line = 'seed %d: direct fp32 %.2e' % (seed, np.abs(direct(x, w, np.float32) - ref).max() / scale)
        for name, pts in sets.items():
            line += ', %s %.2e' % (name, np.abs(winograd(x, w, *matrices(pts)) - ref).max() / scale)
        print(line + '  (max |error| / max |y|)')


if __name__ == '__main__':
    main()
