#!/usr/bin/env python3
"""Fits a rational tanh, (x + x^3 A(x^2)) / (1 + x^2 B(x^2)), the one-formula candidate that
ScalarElementwiseMath's tanh was NOT given (docs/exact-tanh.md: in float it is 5 ulp off).

Minimises the maximum RELATIVE error on 0 < x <= CLAMP (the float result needs relative accuracy
everywhere: near 0 the value is ~x, near the clamp it is ~1 with ulp 2^-24) by the differential
correction idea: repeated linear programs (scipy's HiGHS) minimising
max |N(s) - g(s) D(s)| / (g(s) D_prev(s)) over s = x^2, with g(s) = tanh(sqrt s)/sqrt s and
N = 1 + s A(s), D = 1 + s B(s) (the constant terms are fixed at 1, so tiny x gives exactly x).
The double coefficients are then rounded to float and printed as Java literals; their float
evaluation (FMA Horner, one division) is measured by TanhRationalCheck.java next to this script.

Usage: python3 conv-core/src/test/scripts/fit_tanh_rational.py [A_terms B_terms]
(numbers of coefficients of A and B; default 4 5, the pair docs/exact-tanh.md reports).
"""
import sys

import numpy as np
from mpmath import mp, mpf, tanh as mp_tanh, sqrt as mp_sqrt
from scipy.optimize import linprog

# tanh(x) rounds to 1 in float from 9.0109; fit a little past that so the clamp sits inside the fit.
CLAMP = 9.03125


def g_of(s):
    mp.dps = 40
    out = np.empty_like(s)
    for i, v in enumerate(s):
        r = mp_sqrt(mpf(float(v)))
        out[i] = float(mp_tanh(r) / r)
    return out


def fit(m, n, points=4000, rounds=12):
    # Chebyshev nodes in x (dense near both ends), mapped to s = x^2.
    k = np.arange(points)
    x = CLAMP / 2 * (1 - np.cos(np.pi * (k + 0.5) / points))
    s = x * x
    g = g_of(s)
    d_prev = np.ones_like(s)
    best = None
    for _ in range(rounds):
        # unknowns: a_1..a_m (A's coefficients s^0..s^{m-1} times s), b_1..b_n, delta
        cols_a = np.stack([s ** (j + 1) for j in range(m)], axis=1)
        cols_b = np.stack([s ** (j + 1) for j in range(n)], axis=1)
        w = 1.0 / (g * d_prev)
        # e(s) = (1 + cols_a a) - g (1 + cols_b b); constraints |e| w <= delta
        base = (1 - g) * w
        ea = cols_a * w[:, None]
        eb = -cols_b * (g * w)[:, None]
        A = np.hstack([ea, eb])
        ones = np.ones((len(s), 1))
        A_ub = np.vstack([np.hstack([A, -ones]), np.hstack([-A, -ones])])
        b_ub = np.concatenate([-base, base])
        c = np.zeros(m + n + 1)
        c[-1] = 1
        res = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=[(None, None)] * (m + n + 1), method="highs")
        if not res.success:
            raise RuntimeError(res.message)
        a, b = res.x[:m], res.x[m:m + n]
        num = 1 + cols_a @ a
        den = 1 + cols_b @ b
        rel = np.max(np.abs(num / den / g - 1))
        if best is None or rel < best[0]:
            best = (rel, a, b)
        d_prev = den
    return best


def main():
    m, n = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (4, 5)
    rel, a, b = fit(m, n)
    print(f"// A degree {m - 1}, B degree {n - 1} in x^2; max relative error in double {rel:.3e}"
          f" ({rel * 2 ** 24:.3f} ulp of a result in [0.5, 1))")
    for j, v in enumerate(a):
        print(f"static final float TA{j} = {float(np.float32(v))!r}f; // x^{2 * j + 3}")
    for j, v in enumerate(b):
        print(f"static final float TB{j} = {float(np.float32(v))!r}f; // x^{2 * j + 2}")


if __name__ == "__main__":
    main()
