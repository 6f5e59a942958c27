#!/usr/bin/env python3
"""Generates the vector loops of VectorElementwiseMath.java (between the GENERATED markers).

tanh, sigmoid and exp share one exp body (ScalarElementwiseMath's formula, lane by lane). It is
written out inside each loop rather than called: a method taking or returning vectors must be
inlined by C2 or its vectors are boxed, and these bodies exceed C2's inlining node budget. This
script keeps the one exp body and the loop frame in one place.

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
TANH_CONSTANTS = [("t4", "T4"), ("t3", "T3"), ("t2", "T2"), ("t1", "T1"), ("t0", "T0")]


def broadcasts(constants):
    return "".join(f"{I2}FloatVector {name} = FloatVector.broadcast(S, {value});\n" for name, value in constants)


def exp_body(argument, result):
    """e^argument into the local `result`, argument clamped to [EXP_MIN, EXP_MAX]."""
    assign = f"{I3}FloatVector {result} = er.mul(s1).mul(s2);\n" if result else f"{I3}er.mul(s1).mul(s2)"
    return (f"{I3}FloatVector ex = {argument}.max(expMin).min(expMax);\n"
            f"{I3}FloatVector tt = ex.fma(log2e, magic);\n"
            f"{I3}FloatVector n = tt.sub(magic);\n"
            f"{I3}FloatVector r = n.fma(negLn2Lo, n.fma(negLn2Hi, ex));\n"
            f"{I3}FloatVector q = r.fma(e6, e5).fma(r, e4).fma(r, e3).fma(r, e2).fma(r, e1);\n"
            f"{I3}FloatVector er = q.mul(r.mul(r)).add(r).add(one);\n"
            f"{I3}IntVector ni = tt.reinterpretAsInts().sub(ROUND_MAGIC_BITS);\n"
            f"{I3}IntVector half = ni.lanewise(VectorOperators.ASHR, 1);\n"
            f"{I3}FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();\n"
            f"{I3}FloatVector s2 = ni.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();\n"
            + assign)


def loop(doc, name, setup, body):
    """A whole-vector loop; the last partial vector is the final full one, recomputed from saved values."""
    return (doc
            + f"    static void {name}(float[] x, int off, int len) {{\n"
            + setup
            + f"{I2}int last = off + len - L;\n"
            + f"{I2}FloatVector tail = FloatVector.fromArray(S, x, last);\n"
            + f"{I2}for (int i = off; ; i += L) {{\n"
            + f"{I3}boolean end = i >= last;\n"
            + f"{I3}int at = end ? last : i;\n"
            + f"{I3}FloatVector v = end ? tail : FloatVector.fromArray(S, x, at);\n"
            + body
            + f"{I3}if (end) {{\n"
            + f"{I3}    return;\n"
            + f"{I3}}}\n"
            + f"{I2}}}\n"
            + "    }\n")


HOISTED = f"{I2}// exp's constants, as vectors: hoisted by hand, the loop body must stay call-free.\n"


def generate():
    one = f"{I2}FloatVector one = FloatVector.broadcast(S, 1f);\n"
    tanh = loop(
        "    /** tanh, whole vectors. Needs len >= L. */\n", "tanhVectors",
        one + f"{I2}FloatVector two = FloatVector.broadcast(S, 2f);\n" + broadcasts(TANH_CONSTANTS)
        + HOISTED + broadcasts(EXP_CONSTANTS),
        f"{I3}// tanh on |x|, then the sign bit of x is put back (so -0 stays -0).\n"
        f"{I3}FloatVector a = v.abs();\n"
        f"{I3}FloatVector z = a.mul(a);\n"
        f"{I3}FloatVector p = z.fma(t4, t3).fma(z, t2).fma(z, t1).fma(z, t0);\n"
        f"{I3}FloatVector small = p.mul(z).fma(a, a);\n"
        f"{I3}// e^(2a) as in expVectors, written out rather than called (see class comment).\n"
        + exp_body("a.add(a)", "e")
        + f"{I3}FloatVector large = one.sub(two.div(e.add(one)));\n"
        f"{I3}FloatVector t = small.blend(large, a.compare(VectorOperators.GT, TANH_SMALL));\n"
        f"{I3}IntVector sign = v.reinterpretAsInts().and(SIGN);\n"
        f"{I3}t.reinterpretAsInts().or(sign).reinterpretAsFloats().intoArray(x, at);\n")
    sigmoid = loop(
        "    /**\n"
        "     * With e = exp(-|x|) in (0, 1]: 1/(1+e) for x >= 0 and e/(1+e) for x < 0, so neither side\n"
        "     * cancels and the negative side keeps full relative precision down to subnormals. Needs\n"
        "     * len >= L.\n"
        "     */\n", "sigmoidVectors",
        one + HOISTED + broadcasts(EXP_CONSTANTS),
        f"{I3}// e^-|x| as in expVectors.\n"
        + exp_body("v.abs().neg()", "e")
        + f"{I3}FloatVector num = one.blend(e, v.compare(VectorOperators.LT, 0f));\n"
        f"{I3}num.div(e.add(one)).intoArray(x, at);\n")
    exp = loop(
        "    /** e^x, whole vectors. Needs len >= L. */\n", "expVectors",
        one + broadcasts(EXP_CONSTANTS),
        exp_body("v", None) + ".intoArray(x, at);\n")
    return tanh + "\n" + sigmoid + "\n" + exp


def main():
    gen_common.splice(__file__, "VectorElementwiseMath.java", generate)


if __name__ == "__main__":
    main()
