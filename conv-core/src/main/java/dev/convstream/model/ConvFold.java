package dev.convstream.model;

/**
 * A conv applied to the output of a bias-free, one-group 1x1 conv, as one conv on the 1x1's
 * input: {@code W (P u) = (W P) u} tap by tap. A WaveNet's first layer reads its array's rechannel
 * ({@code P}, 1 -> 16 channels in NAM's A1 models), so its dilated conv can read the mono input
 * instead, with a sixteenth of the multiplies. The history of {@code P u} is {@code P} times the
 * history of {@code u} (zero stays zero: {@code P} has no bias), so the two agree on every frame
 * but for rounding: each folded weight is summed in double and rounded once, where the two convs
 * round {@code P u} and then each of W's sums. Inference ({@code WaveNetStack}) and the trainer's
 * forward fold with this one function, so on the same kernels they keep the same bits.
 */
public final class ConvFold {

    private ConvFold() {
    }

    /**
     * Whether folding a conv of {@code in} inputs in {@code groups} groups through a 1x1 from
     * {@code pointwiseIn} inputs does fewer multiplies: the 1x1 has fewer inputs than each group sees.
     */
    public static boolean pays(int in, int groups, int pointwiseIn) {
        return pointwiseIn < in / groups;
    }

    /**
     * Writes {@code W'[o][i][t] = sum over c of W[o][c][t] P[c][i]} to {@code folded} from
     * {@code fOff}: {@code out * pointwiseIn * k} floats, NAM's layout ({@code [out][in][k]}), one group.
     *
     * @param w  the conv's weights from {@code wOff}, {@code [out][in/groups][k]}
     * @param p  the 1x1's weights from {@code pOff}, {@code [in][pointwiseIn]}
     */
    public static void fold(float[] w, int wOff, int out, int in, int groups, int k, float[] p, int pOff,
                            int pointwiseIn, float[] folded, int fOff) {
        int gi = in / groups;
        int go = out / groups;
        for (int o = 0; o < out; o++) {
            int c0 = (o / go) * gi;
            for (int i = 0; i < pointwiseIn; i++) {
                for (int t = 0; t < k; t++) {
                    double sum = 0;
                    for (int c = 0; c < gi; c++) {
                        sum += (double) w[wOff + (o * gi + c) * k + t] * p[pOff + (c0 + c) * pointwiseIn + i];
                    }
                    folded[fOff + (o * pointwiseIn + i) * k + t] = (float) sum;
                }
            }
        }
    }
}
