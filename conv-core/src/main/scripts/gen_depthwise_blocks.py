#!/usr/bin/env python3
"""Generates the blocked tiles of VectorDepthwise.java (between the GENERATED markers).

block4 and block8 are one loop with 4 or 8 accumulator chains (one output vector each, `is`
apart in the input and `os` apart in the output), and block1 the single-chain case. C2 needs the
chains as locals and no vector crossing a method boundary, so they are written out by this
script instead of by hand. Every load, broadcast and stored accumulator is cast to the species'
exact class (VectorDepthwise's EXACT) so the Vector API calls bind without a type profile.

Run from the repository root:  python3 conv-core/src/main/scripts/gen_depthwise_blocks.py
"""
import gen_common

DOCS = {
    4: """    /**
     * BLOCK output vectors starting at {@code out[o]}, {@code os} apart, whose first taps read
     * {@code in[i]}, {@code is} apart (along a row: both L; down a column: a row of each). The
     * taps are one flat loop (not ky, kx loops) because C2 on JDK 17 kept the accumulators boxed,
     * allocating on every FMA, when they were carried through two nested loops; for the same
     * reason vectors never cross a method boundary here.
     */
""",
    8: """    /**
     * {@link #block4} with 8 chains, for the narrow path: 8 independent FMAs per tap cover the
     * FMA latency (4 cycles) on two FMA pipes; AVX-512's 32 registers hold them.
     */
""",
}


def times(r, name):
    return "" if r == 0 else (f" + {name}" if r == 1 else f" + {r} * {name}")


def advance():
    return ("            i += dw;\n"
            "            if (++kx == kw) {\n"
            "                kx = 0;\n"
            "                i += rowStep;\n"
            "            }\n")


def block(n):
    s = DOCS[n]
    pad = " " * len(f"    private static void block{n}(")
    s += (f"    private static void block{n}(float[] in, int i, int is, float[] kernel, int kOff, int taps, int kw, int dw,\n"
          f"{pad}int rowStep, float[] out, int o, int os, float bias) {{\n")
    s += "        FloatVector a0 = EXACT.cast(FloatVector.broadcast(S, bias));\n"
    for r in range(1, n):
        s += f"        FloatVector a{r} = a0;\n"
    s += "        int kx = 0;\n"
    s += "        for (int t = 0; t < taps; t++) {\n"
    s += "            FloatVector w = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + t]));\n"
    for r in range(n):
        s += f"            a{r} = EXACT.cast(FloatVector.fromArray(S, in, i{times(r, 'is')})).fma(w, a{r});\n"
    s += advance()
    s += "        }\n"
    for r in range(n):
        s += f"        EXACT.cast(a{r}).intoArray(out, o{times(r, 'os')});\n"
    s += "    }\n"
    return s


def block1():
    return ("    /** One output vector; see {@link #block4}. */\n"
            "    private static void block1(float[] in, int i, float[] kernel, int kOff, int taps, int kw, int dw, int rowStep,\n"
            "                               float[] out, int o, float bias) {\n"
            "        FloatVector a = EXACT.cast(FloatVector.broadcast(S, bias));\n"
            "        int kx = 0;\n"
            "        for (int t = 0; t < taps; t++) {\n"
            "            a = EXACT.cast(FloatVector.fromArray(S, in, i)).fma(FloatVector.broadcast(S, kernel[kOff + t]), a);\n"
            + advance() +
            "        }\n"
            "        EXACT.cast(a).intoArray(out, o);\n"
            "    }\n")


def generate():
    return block(4) + "\n" + block(8) + "\n" + block1()


def main():
    gen_common.splice(__file__, "VectorDepthwise.java", generate)


if __name__ == "__main__":
    main()
