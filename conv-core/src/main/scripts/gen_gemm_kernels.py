#!/usr/bin/env python3
"""Generates the micro-kernels of VectorGemm.java (between the GENERATED markers).

The six kernels are one loop nest: MR = 8 rows of C, each 3, 2 or 1 vectors wide, held in
accumulator locals while kc rank-1 updates stream through. They differ only in where A comes
from (a packed panel, or rows read in place) and how row p of B is addressed (a row-start table,
or a packed panel at a linear index). C2 needs them unrolled by hand (the accumulators must be
locals, and no helper may take a vector), so the copies are written out by this script instead.

Every Vector API call whose receiver is a vector (the FMA's row of B, the stores of the
accumulators) has that receiver cast to VectorGemm.EXACT, the species' concrete class: C2 then
binds the call without a type profile (see VectorGemm.EXACT and VectorStreamingConv.EXACT).

Run from the repository root:  python3 conv-core/src/main/scripts/gen_gemm_kernels.py
"""
import gen_common

MR = 8
# A packed panel's row length for each kernel width.
WIDTH = {1: "L", 2: "(2 * L)", 3: "NR"}


def acc(r, v, nvec):
    return f"c{r}{v}" if nvec > 1 else f"c{r}"


def col(v):
    return "" if v == 0 else (" + L" if v == 1 else f" + {v} * L")


def out_rows():
    return ("        int o0 = oOff, o1 = oOff + ldo, o2 = oOff + 2 * ldo, o3 = oOff + 3 * ldo;\n"
            "        int o4 = oOff + 4 * ldo, o5 = oOff + 5 * ldo, o6 = oOff + 6 * ldo, o7 = oOff + 7 * ldo;\n")


def direct_rows():
    return ("        // Rows past mr repeat row mr-1 (valid memory); their results are discarded.\n"
            "        int last = mr - 1;\n"
            "        int r0 = aOff, r1 = aOff + Math.min(1, last) * lda, r2 = aOff + Math.min(2, last) * lda;\n"
            "        int r3 = aOff + Math.min(3, last) * lda, r4 = aOff + Math.min(4, last) * lda;\n"
            "        int r5 = aOff + Math.min(5, last) * lda, r6 = aOff + Math.min(6, last) * lda;\n"
            "        int r7 = aOff + Math.min(7, last) * lda;\n")


def declare(nvec):
    if nvec == 1:
        return "        FloatVector " + ", ".join(f"c{r}" for r in range(MR)) + ";\n"
    half = MR // 2
    lines = ""
    for rows in (range(half), range(half, MR)):
        lines += "        FloatVector " + ", ".join(acc(r, v, nvec) for r in rows for v in range(nvec)) + ";\n"
    return lines


def start(nvec, has_init):
    s = "        if (add) {\n"
    for r in range(MR):
        for v in range(nvec):
            s += f"            {acc(r, v, nvec)} = FloatVector.fromArray(S, out, o{r}{col(v)});\n"
    if has_init:
        s += "        } else if (init != null) {\n"
        if nvec > 1:
            s += "            // Each row starts from its bias: the layer's bias costs no pass of its own.\n"
        for r in range(MR):
            off = "initOff" if r == 0 else f"initOff + {r}"
            s += f"            {acc(r, 0, nvec)} = FloatVector.broadcast(S, init[{off}]);\n"
            if nvec > 1:
                s += "            " + " ".join(f"{acc(r, v, nvec)} = {acc(r, 0, nvec)};" for v in range(1, nvec)) + "\n"
    s += "        } else {\n"
    s += f"            {acc(0, 0, nvec)} = FloatVector.zero(S);\n"
    if nvec == 1:
        s += "            " + " ".join(f"c{r} = c0;" for r in range(1, MR)) + "\n"
    else:
        s += "            " + " ".join(f"{acc(0, v, nvec)} = c00;" for v in range(1, nvec)) + "\n"
        for r in range(1, MR):
            s += "            " + " ".join(f"{acc(r, v, nvec)} = c00;" for v in range(nvec)) + "\n"
    s += "        }\n"
    return s


def loop(nvec, a_packed, b_rows):
    if b_rows:
        # The row-start table and A's panel walked by their own indices, not derived from a
        # depth counter: with "bRows[row0 + p]" and "aOff + p * MR", JDK 17's C2 keeps one more
        # value alive in the loop and moves it through a vector register twice per rank-1
        # update, two uops on the ports the 24 FMAs need (the micro-kernel ran at ~150 GFLOP/s
        # instead of ~190 on the 2-vCPU Xeon; BENCHMARKS.md, "(f) on JDK 17: the micro-kernel's loop").
        s = "        for (int p = row0, ai = aOff, end = row0 + kc; p < end; p++, ai += MR) {\n"
    else:
        s = "        for (int p = 0; p < kc; p++) {\n"
    def a_elem(r):
        if a_packed:
            return "ap[ai]" if r == 0 else f"ap[ai + {r}]"
        return f"a[r{r} + p]"
    if a_packed and not b_rows:
        s += "            int ai = aOff + p * MR;\n"
    if nvec == 1:
        s += "            FloatVector b0 = EXACT.cast(FloatVector.fromArray(S, bp, bOff + p * L));\n"
        for r in range(MR):
            s += f"            c{r} = b0.fma(FloatVector.broadcast(S, {a_elem(r)}), c{r});\n"
    else:
        if b_rows:
            s += "            int bi = bRows[p] + col;\n"
            barr = "b"
        else:
            s += "            // Index expressions linear in p let C2 hoist the bounds checks out of the loop.\n"
            s += f"            int bi = bOff + p * {WIDTH[nvec]};\n"
            barr = "bp"
        for v in range(nvec):
            s += f"            FloatVector b{v} = EXACT.cast(FloatVector.fromArray(S, {barr}, bi{col(v)}));\n"
        s += "            FloatVector x;\n"
        for r in range(MR):
            s += f"            x = FloatVector.broadcast(S, {a_elem(r)});\n"
            for v in range(nvec):
                s += f"            {acc(r, v, nvec)} = b{v}.fma(x, {acc(r, v, nvec)});\n"
    s += "        }\n"
    return s


def store(nvec):
    s = ""
    for r in range(MR):
        for v in range(nvec):
            s += f"        EXACT.cast({acc(r, v, nvec)}).intoArray(out, o{r}{col(v)});\n"
    return s


KERNELS = [
    ("""    /**
     * The MR x (3 vectors) micro-kernel: {@code out = A~ B} or {@code out += A~ B} over kc
     * rank-1 updates, A~ a packed panel ({@link #packA}) and row p of B the 3 vectors at
     * {@code b[bRows[row0 + p] + col]}: either a packed B panel ({@link #PANEL_ROWS}) or B read
     * in place (a padded input and its shifted taps, where packing would copy k x n values for
     * m / MR uses each, a large share when m is small).
     *
     * <p>Unrolled and free of helper calls on purpose: the 24 accumulators must be locals for C2
     * to keep them in registers, and a helper method taking vectors would hit C2's inlining node
     * budget (NodeCountInliningCutoff, observed on JDK 17) and box its arguments on every call.
     * The Vector API methods themselves are force-inlined. The loop walks the row-start table and
     * the A panel by their own indices: derived from a depth counter, they cost JDK 17's C2 a
     * register and two extra uops per rank-1 update on the FMA ports (see the generator script).
     */
    private static void kernel3Rows(int kc, float[] ap, int aOff, float[] b, int[] bRows, int row0, int col,
                                    float[] out, int oOff, int ldo, boolean add, float[] init, int initOff) {
""", 3, True, True, True),
    ("""    /** The MR x (1 vector) micro-kernel for a block at most one vector wide ({@link #panelWidth}); see kernel3Rows. */
    private static void kernel1(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                float[] out, int oOff, int ldo, boolean add, float[] init, int initOff) {
""", 1, True, False, True),
    ("""    /**
     * {@link #kernel3Rows} reading A in place (row-major, rows {@code aOff + r*lda}) instead of from
     * a packed panel: for small n, packing A (a scalar transpose of m*k values per call) would
     * cost as much as the product itself.
     */
    private static void kernel3Direct(int kc, float[] a, int aOff, int lda, int mr, float[] bp, int bOff,
                                      float[] out, int oOff, int ldo, boolean add) {
""", 3, False, False, False),
    ("""    /**
     * The MR x (2 vectors) micro-kernel for the panels two vectors wide at the end of a block
     * ({@link #panelWidth}); see kernel3Rows. Twice the FMAs of {@link #kernel1} per broadcast of A.
     */
    private static void kernel2(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                float[] out, int oOff, int ldo, boolean add, float[] init, int initOff) {
""", 2, True, False, True),
    ("""    /** {@link #kernel2} reading A in place; see {@link #kernel3Direct}. */
    private static void kernel2Direct(int kc, float[] a, int aOff, int lda, int mr, float[] bp, int bOff,
                                      float[] out, int oOff, int ldo, boolean add) {
""", 2, False, False, False),
    ("""    /** {@link #kernel1} reading A in place; see {@link #kernel3Direct}. */
    private static void kernel1Direct(int kc, float[] a, int aOff, int lda, int mr, float[] bp, int bOff,
                                      float[] out, int oOff, int ldo, boolean add) {
""", 1, False, False, False),
]


def generate():
    parts = []
    for head, nvec, a_packed, b_rows, has_init in KERNELS:
        body = head
        if not a_packed:
            body += direct_rows()
        body += out_rows() + declare(nvec) + start(nvec, has_init) + loop(nvec, a_packed, b_rows) + store(nvec)
        body += "    }\n"
        parts.append(body)
    return "\n".join(parts)


def main():
    gen_common.splice(__file__, "VectorGemm.java", generate)


if __name__ == "__main__":
    main()
