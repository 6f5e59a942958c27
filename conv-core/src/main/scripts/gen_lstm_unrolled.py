#!/usr/bin/env python3
"""Generates model/LstmUnrolled.java (and the vector cells of kernel/VectorSmallLstm.java): NAM's one-layer, one-input, one-output LSTM written out for
each small hidden size H, as straight-line code with every weight and the state in locals.

Why generated: a 3-unit LSTM does 51 multiply-adds and 15 activations per sample, so loops over
4H rows and H columns, array indexing and the activation calls cost more than the arithmetic.
Java has no templates, and the order of every rounding must be Lstm's general path's (so both
give the same bits), so the unrolled text comes from one place: this script.

Per sample, as Lstm's general path computes it (rows in NAM's order i, f, g, o):
  gate r = fma(W[r][H], h[H-1], ... fma(W[r][1], h[0], fma(W[r][0], x, 0))) + b[r]
  c_k    = fma(sigmoid(f_k), c_k, sigmoid(i_k) * tanh(g_k))
  h_k    = sigmoid(o_k) * tanh(c_k)
  y      = fma(v[H-1], h[H-1], ... fma(v[0], h[0], 0)) + b_head

Run from the repository root:  python3 conv-core/src/main/scripts/gen_lstm_unrolled.py
"""
import pathlib

MAX_HIDDEN = 8
TARGET = pathlib.Path(__file__).resolve().parents[1] / "java/dev/convstream/model/LstmUnrolled.java"

MODES = {
    "Exact": ("ScalarElementwiseMath.sigmoidInline", "ScalarElementwiseMath.tanh"),
    "Fast": ("FastSigmoid.of", "FastTanh.of"),
}


def chain(terms, last):
    """fma(a_n, b_n, ... fma(a_1, b_1, last)), the first term innermost."""
    text = last
    for a, b in terms:
        text = f"Math.fma({a}, {b}, {text})"
    return text


def method(n, mode):
    sig, tanh = MODES[mode]
    cols = 1 + n
    rows = 4 * n
    i1 = "        "
    i2 = "            "
    out = []
    out.append(f"    /** H = {n}, {mode.lower()} tanh and sigmoid. */\n")
    out.append(f"    static void h{n}{mode}(float[] w, float[] hs, float[] cs, float[] in, int inOff,\n"
               f"            float[] out, int outOff, int frames) {{\n")
    out.append(f"{i1}if (w.length != {rows * cols + rows + n + 1} || hs.length != {n} || cs.length != {n}) {{\n"
               f"{i1}    throw new IllegalArgumentException(\"weights or state of the wrong size for H = {n}\");\n"
               f"{i1}}}\n")
    for r in range(rows):
        out.append(i1 + "float " + ", ".join(f"w{r}_{j} = w[{r * cols + j}]" for j in range(cols)) + ";\n")
    out.append(i1 + "float " + ", ".join(f"b{r} = w[{rows * cols + r}]" for r in range(rows)) + ";\n")
    base = rows * cols + rows
    out.append(i1 + "float " + ", ".join(f"v{k} = w[{base + k}]" for k in range(n))
               + f", vb = w[{base + n}];\n")
    out.append(i1 + "float " + ", ".join(f"h{k} = hs[{k}]" for k in range(n)) + ";\n")
    out.append(i1 + "float " + ", ".join(f"c{k} = cs[{k}]" for k in range(n)) + ";\n")
    out.append(f"{i1}for (int t = 0; t < frames; t++) {{\n")
    out.append(f"{i2}float x = in[inOff + t];\n")
    for r in range(rows):
        terms = [(f"w{r}_0", "x")] + [(f"w{r}_{1 + j}", f"h{j}") for j in range(n)]
        out.append(f"{i2}float g{r} = {chain(terms, '0f')} + b{r};\n")
    for k in range(n):
        out.append(f"{i2}float c{k}n = Math.fma({sig}(g{n + k}), c{k}, {sig}(g{k}) * {tanh}(g{2 * n + k}));\n")
    for k in range(n):
        out.append(f"{i2}c{k} = c{k}n;\n")
    for k in range(n):
        out.append(f"{i2}h{k} = {sig}(g{3 * n + k}) * {tanh}(c{k});\n")
    head = chain([(f"v{k}", f"h{k}") for k in range(n)], "0f")
    out.append(f"{i2}out[outOff + t] = {head} + vb;\n")
    out.append(f"{i1}}}\n")
    for k in range(n):
        out.append(f"{i1}hs[{k}] = h{k};\n")
    for k in range(n):
        out.append(f"{i1}cs[{k}] = c{k};\n")
    out.append("    }\n")
    return "".join(out)


def dispatch():
    cases = "".join(f"            case {n} -> {{\n"
                    f"                if (fast) {{\n"
                    f"                    h{n}Fast(w, hs, cs, in, inOff, out, outOff, frames);\n"
                    f"                }} else {{\n"
                    f"                    h{n}Exact(w, hs, cs, in, inOff, out, outOff, frames);\n"
                    f"                }}\n"
                    f"            }}\n" for n in range(1, MAX_HIDDEN + 1))
    return ("    /**\n"
            "     * Runs {@code frames} samples of {@code in} through the cell of {@code hs.length} units and\n"
            "     * the head into {@code out}; {@code hs} and {@code cs} hold the state before and after.\n"
            "     *\n"
            "     * @param w the packed weights, {@link #pack} order\n"
            "     */\n"
            "    static void run(boolean fast, float[] w, float[] hs, float[] cs, float[] in, int inOff,\n"
            "            float[] out, int outOff, int frames) {\n"
            "        switch (hs.length) {\n"
            + cases +
            "            default -> throw new IllegalArgumentException(\"no unrolled LSTM for H = \" + hs.length);\n"
            "        }\n"
            "    }\n")


VECTOR_MAX_HIDDEN = 3
VECTOR_TARGET = "VectorSmallLstm.java"


def fast_tanh_vector(v, name, i):
    """NAM core's fused fast tanh of vector `v` into the local `name` (FastTanh.of, lane by lane)."""
    return (f"{i}FloatVector {name}Abs = {v}.abs();\n"
            f"{i}FloatVector {name}Sq = {v}.mul({v});\n"
            f"{i}FloatVector {name}Num = k1.fma({name}Abs, k2).fma({name}Sq, k3.fma({name}Abs, k3));\n"
            f"{i}FloatVector {name}Den = k4.add({name}Sq).fma(k5.mul({v}).fma({name}Abs, {v}).abs(), k4);\n"
            f"{i}FloatVector {name} = {v}.mul({name}Num).div({name}Den);\n")


def vector_method(n):
    i1 = "            "
    i2 = "                "
    units = range(n)
    out = [f"        /** H = {n}. */\n",
           f"        final void run{n}(float[] hs, float[] cs, float[] in, int inOff, float[] out, int outOff, int frames) {{\n",
           f"{i1}FloatVector zero = FloatVector.zero(S);\n",
           f"{i1}FloatVector wx = FloatVector.fromArray(S, columns[0], 0);\n"]
    out += [f"{i1}FloatVector w{k} = FloatVector.fromArray(S, columns[{k + 1}], 0);\n" for k in units]
    out += [f"{i1}FloatVector b = FloatVector.fromArray(S, bias, 0);\n",
            f"{i1}FloatVector scaleIn = FloatVector.fromArray(S, pre, 0);\n",
            f"{i1}FloatVector scaleOut = FloatVector.fromArray(S, postScale, 0);\n",
            f"{i1}FloatVector addOut = FloatVector.fromArray(S, postAdd, 0);\n",
            f"{i1}FloatVector k1 = FloatVector.broadcast(S, 0.821226666969744f);\n",
            f"{i1}FloatVector k2 = FloatVector.broadcast(S, 0.893229853513558f);\n",
            f"{i1}FloatVector k3 = FloatVector.broadcast(S, 2.45550750702956f);\n",
            f"{i1}FloatVector k4 = FloatVector.broadcast(S, 2.44506634652299f);\n",
            f"{i1}FloatVector k5 = FloatVector.broadcast(S, 0.814642734961073f);\n"]
    out += [f"{i1}FloatVector v{k} = FloatVector.broadcast(S, head[{k}]);\n" for k in units]
    out += [f"{i1}VectorShuffle<Float> f = toF;\n",
            f"{i1}VectorShuffle<Float> o = toO;\n",
            f"{i1}VectorShuffle<Float> g = toG;\n"]
    out += [f"{i1}VectorShuffle<Float> s{k} = unit{k};\n" for k in units]
    out += [f"{i1}Arrays.fill(scratch, 0f);\n",
            f"{i1}System.arraycopy(hs, 0, scratch, 0, {n});\n",
            f"{i1}FloatVector h = FloatVector.fromArray(S, scratch, 0);\n",
            f"{i1}System.arraycopy(cs, 0, scratch, 0, {n});\n",
            f"{i1}FloatVector c = FloatVector.fromArray(S, scratch, 0);\n"]
    out += [f"{i1}FloatVector h{k} = h.rearrange(s{k});\n" for k in units]
    out.append(f"{i1}for (int t = 0; t < frames; t++) {{\n")
    out.append(f"{i2}FloatVector x = FloatVector.broadcast(S, in[inOff + t]);\n")
    gates = "wx.fma(x, zero)"
    for k in units:
        gates = f"w{k}.fma(h{k}, {gates})"
    out.append(f"{i2}FloatVector gates = {gates}.add(b).mul(scaleIn);\n")
    out.append(fast_tanh_vector("gates", "act", i2))
    out.append(f"{i2}FloatVector a = act.fma(scaleOut, addOut);\n")
    out.append(f"{i2}c = a.rearrange(f).fma(c, a.mul(a.rearrange(g)));\n")
    out.append(fast_tanh_vector("c", "u", i2))
    out.append(f"{i2}h = a.rearrange(o).mul(u);\n")
    out += [f"{i2}h{k} = h.rearrange(s{k});\n" for k in units]
    head = "zero"
    for k in units:
        head = f"v{k}.fma(h{k}, {head})"
    out.append(f"{i2}out[outOff + t] = {head}.lane(0) + headBias;\n")
    out.append(f"{i1}}}\n")
    out += [f"{i1}h.intoArray(scratch, 0);\n", f"{i1}System.arraycopy(scratch, 0, hs, 0, {n});\n",
            f"{i1}c.intoArray(scratch, 0);\n", f"{i1}System.arraycopy(scratch, 0, cs, 0, {n});\n",
            "        }\n"]
    return "".join(out)


def splice_vector():
    import re
    name = pathlib.Path(__file__).name
    begin = f"        // BEGIN GENERATED by conv-core/src/main/scripts/{name}: do not edit, run the script.\n"
    end = f"        // END GENERATED by conv-core/src/main/scripts/{name}\n"
    target = TARGET.parents[1] / "kernel" / VECTOR_TARGET
    text = target.read_text()
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{target}: no GENERATED markers")
    body = "\n".join(vector_method(n) for n in range(1, VECTOR_MAX_HIDDEN + 1))
    target.write_text(pattern.sub(lambda m: begin + body + end, text))


def main():
    splice_vector()
    methods = "\n".join(method(n, mode) for n in range(1, MAX_HIDDEN + 1) for mode in ("Exact", "Fast"))
    text = f"""package dev.convstream.model;

import dev.convstream.activation.ActivationFunction.FastSigmoid;
import dev.convstream.activation.ActivationFunction.FastTanh;
import dev.convstream.kernel.ScalarElementwiseMath;

// GENERATED by conv-core/src/main/scripts/gen_lstm_unrolled.py: do not edit, run the script.

/**
 * NAM's LSTM of one layer, one input and one output, for hidden sizes 1 to {{@value #MAX_HIDDEN}},
 * written out: every weight and the state {{@code h}}, {{@code c}} in locals for a whole block,
 * no loops but the one over samples, every activation inlined. Each value is rounded in
 * {{@link Lstm}}'s general path's order (see the generator's docstring), with the same scalar
 * activations the kernel families compute, so the output is the general path's, bit for bit
 * ({{@code LstmUnrolledTest}}). It exists for speed: with a few units, loop and call overhead
 * cost more than the 4H(H+1) multiply-adds.
 */
final class LstmUnrolled {{

    /** The largest hidden size written out. */
    static final int MAX_HIDDEN = {MAX_HIDDEN};

    private LstmUnrolled() {{
    }}

    /**
     * The weights in the order the unrolled methods read them: {{@code W[4H][1+H]}} row-major in
     * NAM's row order i, f, g, o (columns: the input, then the hidden state), {{@code b[4H]}}, the
     * head's {{@code W[H]}} and its bias: NAM's flat list without {{@code h0}}, {{@code c0}}.
     */
    static float[] pack(float[] gateWeights, float[] gateBias, float[] headWeights, float headBias) {{
        float[] w = new float[gateWeights.length + gateBias.length + headWeights.length + 1];
        System.arraycopy(gateWeights, 0, w, 0, gateWeights.length);
        System.arraycopy(gateBias, 0, w, gateWeights.length, gateBias.length);
        System.arraycopy(headWeights, 0, w, gateWeights.length + gateBias.length, headWeights.length);
        w[w.length - 1] = headBias;
        return w;
    }}

{dispatch()}
{methods}}}
"""
    TARGET.write_text(text)


if __name__ == "__main__":
    main()
