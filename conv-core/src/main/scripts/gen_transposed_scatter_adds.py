#!/usr/bin/env python3
"""Generates add1..add4 of VectorTransposedScatter.java (between the GENERATED markers).

Each adds the masked column-matrix runs of 1 to 4 taps onto a phase plane in one pass. They are
written out per count so that no vector is carried from one loop iteration to the next.

Run from the repository root:  python3 conv-core/src/main/scripts/gen_transposed_scatter_adds.py
"""
import gen_common


def add(n):
    s = f"    private static void add{n}(PhasePlan p, float[] columns, int cols, int t, float[] work, int dst) {{\n"
    s += "        int[] m = p.masks;\n"
    grid = "p.geometry().gridSize()" if n == 1 else "gridSize"
    if n > 1:
        s += "        int gridSize = p.geometry().gridSize();\n"
    for r in range(n):
        s += f"        int t{r} = p.phaseTaps[t{'' if r == 0 else f' + {r}'}];\n"
    for r in range(n):
        s += f"        int s{r} = cols + t{r} * {grid} + p.tapDelta[t{r}];\n"
    for r in range(n):
        s += f"        int m{r} = p.tapMask[t{r}];\n"
    s += "        for (int i = 0; i < p.planeSize; i += L) {\n"
    s += "            FloatVector.fromArray(S, work, dst + i)\n"
    for r in range(n):
        s += (f"                    .add(FloatVector.fromArray(S, columns, s{r} + i).reinterpretAsInts()\n"
              f"                            .and(IntVector.fromArray(SI, m, m{r} + i)).reinterpretAsFloats())\n")
    s += "                    .intoArray(work, dst + i);\n"
    s += "        }\n"
    s += "    }\n"
    return s


def generate():
    return ("""    /*
     * add1..add4: phase plane += the masked runs of 1..4 taps (phaseTaps[t...]). Written out
     * per count so that no vector is carried from one loop iteration to the next.
     */

""" + "\n".join(add(n) for n in range(1, 5)))


def main():
    gen_common.splice(__file__, "VectorTransposedScatter.java", generate)


if __name__ == "__main__":
    main()
