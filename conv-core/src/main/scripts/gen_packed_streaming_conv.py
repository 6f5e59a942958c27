#!/usr/bin/env python3
"""Generates the two tiles of VectorPackedStreamingConv.java (between the GENERATED markers).

`tile` and `tileMixin` are one loop nest: 4 output rows by 4 time vectors held in 16 accumulator
locals while the input channels stream through, three taps per channel. They differ only in their
epilogue (`tile`: the bias, or a blend when there is none; `tileMixin`: the bias, then the one-row
mixin). They stay two methods because one method with both epilogues is past the size at which
JDK 17's C1 runs out of virtual registers (see the class comment), and C2 needs the accumulators as
locals, so the copies are written out by this script instead of by hand.

Every Vector API call whose receiver is a vector has it cast to EXACT, the species' concrete class
(see VectorStreamingConv.EXACT): C2 then binds the call without a type profile.

Run from the repository root:  python3 conv-core/src/main/scripts/gen_packed_streaming_conv.py
"""
import gen_common

ROWS = 4
VECTORS = 4
I2 = "        "
I3 = "            "


def col(v):
    return "" if v == 0 else (" + L" if v == 1 else f" + {v} * L")


def zero_accumulators():
    return (f"{I2}FloatVector a00 = FloatVector.zero(S);\n"
            f"{I2}FloatVector a01 = a00, a02 = a00, a03 = a00;\n"
            + "".join(f"{I2}FloatVector " + ", ".join(f"a{r}{v} = a00" for v in range(VECTORS)) + ";\n"
                      for r in range(1, ROWS)))


def row_step(receiver, operand, r):
    """Row r's four accumulators += receiver (a broadcast) times the operand vectors 0..3."""
    return I3 + " ".join(f"a{r}{v} = {receiver}.fma({operand}{v}, a{r}{v});" for v in range(VECTORS)) + "\n"


def channel_loop():
    s = (f"{I2}for (int ch = 0; ch < cin; ch++) {{\n"
         f"{I3}int xa = xi + ch * xStride;\n"
         f"{I3}int wa = wi + ch * (K * ROWS);\n")
    for tap, (index, previous) in enumerate((("xa", None), ("xb", "xa"), ("xc", "xb"))):
        declare = "FloatVector " if tap == 0 else ""
        if previous:
            s += f"{I3}int {index} = {previous} + d;\n"
        for v in range(VECTORS):
            s += f"{I3}{declare}x{v} = FloatVector.fromArray(S, x, {index}{col(v)});\n"
        for r in range(ROWS):
            w = f"wp[wa]" if tap == 0 and r == 0 else f"wp[wa + {tap * ROWS + r}]"
            declare_b = "FloatVector " if tap == 0 and r == 0 else ""
            s += f"{I3}{declare_b}b = EXACT.cast(FloatVector.broadcast(S, {w}));\n"
            s += row_step("b", "x", r)
    return s + f"{I2}}}\n"


def add_bias(indent, declare):
    s = ""
    for r in range(ROWS):
        b = "bias[bi]" if r == 0 else f"bias[bi + {r}]"
        s += f"{indent}{'FloatVector ' if declare and r == 0 else ''}b = EXACT.cast(FloatVector.broadcast(S, {b}));\n"
        s += indent + " ".join(f"a{r}{v} = b.add(a{r}{v});" for v in range(VECTORS)) + "\n"
    return s


def blend_all(indent):
    return "".join(indent + " ".join(f"a{r}{v} = ZERO.blend(a{r}{v}, ALL);" for v in range(VECTORS)) + "\n"
                   for r in range(ROWS))


def stores():
    s = (f"{I2}int y1 = yi + yStride;\n"
         f"{I2}int y2 = y1 + yStride;\n"
         f"{I2}int y3 = y2 + yStride;\n")
    for r in range(ROWS):
        at = "yi" if r == 0 else f"y{r}"
        s += I2 + " ".join(f"EXACT.cast(a{r}{v}).intoArray(y, {at}{col(v)});" for v in range(VECTORS)) + "\n"
    return s


def mixin():
    s = "".join(f"{I2}FloatVector c{v} = FloatVector.fromArray(S, c, ci{col(v)});\n" for v in range(VECTORS))
    for r in range(ROWS):
        m = "m[mi]" if r == 0 else f"m[mi + {r}]"
        s += f"{I2}{'FloatVector ' if r == 0 else ''}mb = EXACT.cast(FloatVector.broadcast(S, {m}));\n"
        s += I2 + " ".join(f"a{r}{v} = mb.fma(c{v}, a{r}{v});" for v in range(VECTORS)) + "\n"
    return s


def generate():
    tile = ("    /**\n"
            "     * Outputs {@code o..o+3} (weights from {@code wp}, 12 floats per input channel: tap 0 of the 4\n"
            "     * rows, tap 1, tap 2), frames of 4 vectors from {@code xi}, the first tap's index of channel 0.\n"
            "     */\n"
            "    private static void tile(float[] wp, int wi, int cin, int d, int xStride, float[] x, int xi,\n"
            "                             float[] y, int yi, int yStride, float[] bias, int bi) {\n"
            + zero_accumulators()
            + channel_loop()
            + f"{I2}if (bias != null) {{\n"
            + add_bias(I3, True)
            + f"{I2}}} else {{\n"
            + blend_all(I3)
            + f"{I2}}}\n"
            + stores()
            + "    }\n")
    tile_mixin = ("    /**\n"
                  "     * {@link #tile} with a bias (never null here) and the mixin epilogue: after the bias,\n"
                  "     * {@code fma(c[j], m[o], acc)}, then the store. No branch for a missing bias: its 16 blends\n"
                  "     * took the method to 2,275 bytecodes, the size at which JDK 17's C1 ran out of virtual\n"
                  "     * registers; without them it is 2,060 ({@code javap}), and JDK 17 compiles it at tiers 2, 3 and 4.\n"
                  "     */\n"
                  "    private static void tileMixin(float[] wp, int wi, int cin, int d, int xStride, float[] x, int xi,\n"
                  "                                  float[] y, int yi, int yStride, float[] bias, int bi,\n"
                  "                                  float[] m, int mi, float[] c, int ci) {\n"
                  + zero_accumulators()
                  + channel_loop()
                  + add_bias(I2, True)
                  + mixin()
                  + stores()
                  + "    }\n")
    return tile + "\n" + tile_mixin


def main():
    gen_common.splice(__file__, "VectorPackedStreamingConv.java", generate)


if __name__ == "__main__":
    main()
