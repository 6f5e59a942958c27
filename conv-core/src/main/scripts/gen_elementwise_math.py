#!/usr/bin/env python3
"""Generates the vector loops of VectorElementwiseMath.java (between the GENERATED markers).

sigmoid and exp share one exp body, tanh and tanh-add-into one tanh body (ScalarElementwiseMath's
formulas, lane by lane). They are written out inside each loop rather than called: a method
taking or returning vectors must be inlined by C2 or its vectors are boxed, and these bodies
exceed C2's inlining node budget. This script keeps each body and the loop frame in one place.

Every vector enters through EXACT.cast or INT_EXACT.cast (loads, broadcasts, reinterpretations),
so every Vector API call binds without a type profile (VectorElementwiseMath's EXACT).

Run from the repository root:  python3 conv-core/src/main/scripts/gen_elementwise_math.py
"""
import gen_common

I2 = "        "
I3 = "            "

EXP_CONSTANTS = [
    ("expMin", "EXP_MIN"), ("expMax", "EXP_MAX"), ("log2e", "LOG2E"), ("magic", "ROUND_MAGIC"),
    ("negLn2Hi", "-LN2_HI"), ("negLn2Lo", "-LN2_LO"),
    ("e6", "E6"), ("e5", "E5"), ("e4", "E4"), ("e3", "E3"), ("e2", "E2"), ("e1", "E1"),
]
TANH_CONSTANTS = [
    ("one", "1f"), ("half", "0.5f"), ("clamp", "TANH_CLAMP"), ("twoLog2e", "TWO_LOG2E"), ("magic", "ROUND_MAGIC"),
    ("negLn2Hi", "-LN2_HI"), ("negLn2Lo", "-LN2_LO"),
    ("e6", "E6"), ("e5", "E5"), ("e4", "E4"), ("e3", "E3"), ("e2", "E2"), ("e1", "E1"),
]


def broadcasts(constants, array):
    """The constants as vectors, each broadcast from its element of `array` (see constant_arrays)."""
    return "".join(f"{I2}FloatVector {name} = EXACT.cast(FloatVector.broadcast(S, {array}[{i}]));\n"
                   for i, (name, _) in enumerate(constants))


def constant_arrays():
    """The loops' constants as arrays: why, in the comment written out below."""
    def array(name, constants):
        values = [value for _, value in constants]
        return (f"    private static final float[] {name} = {{\n"
                f"{I2}{', '.join(values[:6])},\n{I2}{', '.join(values[6:])}}};\n")
    return ("    /*\n"
            "     * The loops broadcast their constants from these arrays, not from literals: JDK 25's C2\n"
            "     * rematerialises the broadcast of a compile-time constant from its constant table at each use\n"
            "     * inside a loop (13 vbroadcastss loads per vector in the tanh loop), but hoists the broadcast\n"
            "     * of an array element out of the loop and keeps it in a register: the exact-tanh pass alone\n"
            "     * measured ~30% cheaper on JDK 25, the same on JDK 17 (BENCHMARKS.md, \"NAM A1 standard\n"
            "     * against Neural Amp Modeler's C++ core on the Intel machine\"). Same values, same bits.\n"
            "     */\n"
            + array("TANH_K", TANH_CONSTANTS) + array("EXP_K", EXP_CONSTANTS) + "\n")


def exp_body(argument, result):
    """e^argument into the local `result`, argument clamped to [EXP_MIN, EXP_MAX]."""
    assign = f"{I3}FloatVector {result} = er.mul(s1).mul(s2);\n" if result else f"{I3}er.mul(s1).mul(s2)"
    return (f"{I3}// the clamp as compare-and-blend, not max/min: see the clamp in tanhVectors. Same bits (-0 and NaN stay).\n"
            f"{I3}FloatVector ex0 = {argument};\n"
            f"{I3}FloatVector ex1 = ex0.blend(expMin, ex0.compare(VectorOperators.LT, expMin));\n"
            f"{I3}FloatVector ex = ex1.blend(expMax, ex1.compare(VectorOperators.GT, expMax));\n"
            f"{I3}FloatVector tt = ex.fma(log2e, magic);\n"
            f"{I3}FloatVector n = tt.sub(magic);\n"
            f"{I3}FloatVector r = n.fma(negLn2Lo, n.fma(negLn2Hi, ex));\n"
            f"{I3}FloatVector q = r.fma(e6, e5).fma(r, e4).fma(r, e3).fma(r, e2).fma(r, e1);\n"
            f"{I3}FloatVector er = q.mul(r.mul(r)).add(r).add(one);\n"
            f"{I3}IntVector ni = INT_EXACT.cast(tt.reinterpretAsInts()).sub(ROUND_MAGIC_BITS);\n"
            f"{I3}IntVector half = ni.lanewise(VectorOperators.ASHR, 1);\n"
            f"{I3}FloatVector s1 = EXACT.cast(half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());\n"
            f"{I3}FloatVector s2 = EXACT.cast(ni.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());\n"
            + assign)


def tanh_body(result):
    """tanh(v) into the local `result`: ScalarElementwiseMath.tanh's operations, lane by lane."""
    return (f"{I3}// on |v| (clamped where tanh is 1 in float), then the sign bit of v is put back (-0 stays -0).\n"
            f"{I3}// The clamp is a compare and a blend, not min(clamp): C2 lowers the Vector API's MIN (Java's\n"
            f"{I3}// min: NaN and -0 rules) to six instructions on AVX-512 (sign mask, two blends, vminps, an\n"
            f"{I3}// unordered compare, a masked move), where this is two. Same bits: |v| is >= +0 or NaN, and\n"
            f"{I3}// a NaN compares false, so it stays (as min returns it).\n"
            f"{I3}FloatVector av = v.abs();\n"
            f"{I3}FloatVector a = av.blend(clamp, av.compare(VectorOperators.GT, clamp));\n"
            f"{I3}FloatVector y = a.add(a);\n"
            f"{I3}// h = expm1(y) / 2 by exp's reduction and polynomial, written out (see class comment).\n"
            f"{I3}FloatVector tt = a.fma(twoLog2e, magic);\n"
            f"{I3}FloatVector n = tt.sub(magic);\n"
            f"{I3}FloatVector r = n.fma(negLn2Lo, n.fma(negLn2Hi, y));\n"
            f"{I3}FloatVector r2 = r.mul(r);\n"
            f"{I3}FloatVector q = r2.fma(r2.fma(r.fma(e6, e5), r.fma(e4, e3)), r.fma(e2, e1));\n"
            f"{I3}FloatVector em1 = q.fma(r2, r);\n"
            f"{I3}FloatVector halfScale = EXACT.cast(INT_EXACT.cast(tt.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23)\n"
            f"{I3}        .add(HALF_SCALE_BIAS).reinterpretAsFloats());\n"
            f"{I3}FloatVector h = halfScale.fma(em1, halfScale.sub(half));\n"
            f"{I3}FloatVector w = h.div(h.add(one));\n"
            f"{I3}FloatVector t = w.blend(h.neg().fma(w, h), h.compare(VectorOperators.LT, TANH_CORRECT_BELOW));\n"
            f"{I3}FloatVector {result} = EXACT.cast(INT_EXACT.cast(t.reinterpretAsInts())\n"
            f"{I3}        .or(INT_EXACT.cast(v.reinterpretAsInts()).and(SIGN)).reinterpretAsFloats());\n")


def loop(doc, name, setup, body):
    """A whole-vector loop; the last partial vector is the final full one, recomputed from saved values."""
    return (doc
            + f"    static void {name}(float[] x, int off, int len) {{\n"
            + setup
            + f"{I2}int last = off + len - L;\n"
            + f"{I2}FloatVector tail = EXACT.cast(FloatVector.fromArray(S, x, last));\n"
            + f"{I2}for (int i = off; ; i += L) {{\n"
            + f"{I3}boolean end = i >= last;\n"
            + f"{I3}int at = end ? last : i;\n"
            + f"{I3}FloatVector v = end ? tail : EXACT.cast(FloatVector.fromArray(S, x, at));\n"
            + body
            + f"{I3}if (end) {{\n"
            + f"{I3}    return;\n"
            + f"{I3}}}\n"
            + f"{I2}}}\n"
            + "    }\n")


HOISTED = f"{I2}// exp's constants, as vectors: hoisted by hand, the loop body must stay call-free.\n"


def generate():
    one = f"{I2}FloatVector one = EXACT.cast(FloatVector.broadcast(S, 1f));\n"
    tanh = loop(
        "    /** tanh, whole vectors. Needs len >= L. */\n", "tanhVectors",
        broadcasts(TANH_CONSTANTS, "TANH_K"),
        tanh_body("th") + f"{I3}th.intoArray(x, at);\n")
    tanh_add_into = (
        "    /**\n"
        "     * tanh into x and added into sum, {@code len / L} whole vectors (the caller does the rest: the\n"
        "     * add must happen once per element, so there is no pulled-back last vector).\n"
        "     */\n"
        "    static void tanhAddIntoVectors(float[] x, int off, float[] sum, int sumOff, int len) {\n"
        + broadcasts(TANH_CONSTANTS, "TANH_K")
        + f"{I2}for (int i = 0; i + L <= len; i += L) {{\n"
        + f"{I3}FloatVector v = EXACT.cast(FloatVector.fromArray(S, x, off + i));\n"
        + tanh_body("th")
        + f"{I3}th.intoArray(x, off + i);\n"
        + f"{I3}EXACT.cast(FloatVector.fromArray(S, sum, sumOff + i)).add(th).intoArray(sum, sumOff + i);\n"
        + f"{I2}}}\n"
        + "    }\n")
    sigmoid = loop(
        "    /**\n"
        "     * With e = exp(-|x|) in (0, 1]: 1/(1+e) for x >= 0 and e/(1+e) for x < 0, so neither side\n"
        "     * cancels and the negative side keeps full relative precision down to subnormals. Needs\n"
        "     * len >= L.\n"
        "     */\n", "sigmoidVectors",
        one + HOISTED + broadcasts(EXP_CONSTANTS, "EXP_K"),
        f"{I3}// e^-|x| as in expVectors.\n"
        + exp_body("v.abs().neg()", "e")
        + f"{I3}FloatVector num = one.blend(e, v.compare(VectorOperators.LT, 0f));\n"
        f"{I3}num.div(e.add(one)).intoArray(x, at);\n")
    exp = loop(
        "    /** e^x, whole vectors. Needs len >= L. */\n", "expVectors",
        one + broadcasts(EXP_CONSTANTS, "EXP_K"),
        exp_body("v", None) + ".intoArray(x, at);\n")
    return constant_arrays() + tanh + "\n" + tanh_add_into + "\n" + sigmoid + "\n" + exp


def main():
    gen_common.splice(__file__, "VectorElementwiseMath.java", generate)


if __name__ == "__main__":
    main()
