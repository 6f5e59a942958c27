package dev.convstream.audio;

/** Channel layouts converted: the mean of the channels is the mono signal. */
public final class Downmix {
    private Downmix() {
    }

    /** The mean over channels of {@code planar[c][i]}; the array itself when there is one channel. */
    public static float[] toMono(float[][] planar) {
        if (planar.length == 1) {
            return planar[0];
        }
        int n = planar[0].length;
        float[] mono = new float[n];
        for (float[] ch : planar) {
            for (int i = 0; i < n; i++) {
                mono[i] += ch[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mono[i] /= planar.length;
        }
        return mono;
    }
}
