package dev.convstream.features;

import dev.convstream.features.rtneural.RtNeuralLoader;
import dev.convstream.features.rtneural.RtNeuralModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delay RTNeural's stream has against the Keras model it was exported from, measured: a
 * naive Keras (TensorFlow) forward with each conv2d's own time padding ("valid": no padding;
 * "same": total (K-1)d, left total // 2), compared with the stream shifted by
 * {@link RtNeuralModel#validPaddingDelay()}. One feature, one channel, linear layers, so the
 * reference is a pair of 1-D correlations written out.
 */
class RtNeuralDelayTest {

    private static String conv2d(int kt, int d, String padding, float[] taps) {
        StringBuilder w = new StringBuilder("[");
        for (int k = 0; k < kt; k++) {
            w.append(k == 0 ? "" : ",").append("[[[").append(taps[k]).append("]]]"); // [Kt][Kf=1][Cin=1][Cout=1]
        }
        w.append("]");
        return "{\"type\":\"conv2d\",\"activation\":\"\",\"shape\":[null,null,1,1],\"kernel_size_time\":" + kt
                + ",\"kernel_size_feature\":1,\"dilation\":" + d + ",\"strides\":1,\"num_filters_in\":1,"
                + "\"num_features_in\":1,\"num_filters_out\":1,\"padding\":\"" + padding + "\",\"weights\":[" + w + ",[0.0]]}";
    }

    /** Keras Conv2D over time (one feature): {@code y[u] = sum_k w[k] x[u - left + k d]}, zeros outside. */
    private static double[] keras(double[] x, float[] w, int d, boolean same) {
        int history = (w.length - 1) * d;
        int left = same ? history / 2 : 0;
        int n = same ? x.length : x.length - history;
        double[] y = new double[n];
        for (int u = 0; u < n; u++) {
            for (int k = 0; k < w.length; k++) {
                int i = u - left + k * d;
                y[u] += i >= 0 && i < x.length ? w[k] * x[i] : 0;
            }
        }
        return y;
    }

    @Test
    void mixedValidAndSamePaddingDelayIsTheMeasuredOne() {
        float[] wa = {0.5f, -0.25f, 1f};      // kt 3, d 2, valid: history 4, delay 4
        float[] wb = {0.3f, 1f, -0.7f, 0.2f}; // kt 4, d 1, same: history 3, left 1, delay 2
        String json = "{\"in_shape\":[null,null,1,1],\"layers\":[" + conv2d(3, 2, "valid", wa) + ","
                + conv2d(4, 1, "same", wb) + "]}";
        RtNeuralModel model = new RtNeuralLoader().parse(json);
        assertEquals(6, model.validPaddingDelay());

        int frames = 64;
        Random r = new Random(3);
        float[] x = new float[frames];
        double[] xd = new double[frames];
        for (int t = 0; t < frames; t++) {
            x[t] = (float) r.nextGaussian();
            xd[t] = x[t];
        }
        double[] want = keras(keras(xd, wa, 2, false), wb, 1, true);
        float[] y = new float[frames];
        model.prepare(frames);
        model.reset();
        model.process(x, y, frames);
        assertTrue(matchesShifted(y, want, 6), "the stream is Keras's output delayed by validPaddingDelay()");
        assertFalse(matchesShifted(y, want, 7), "the sum of histories (7) is not the delay");
    }

    /**
     * stream[t] == keras[t - delay] (1e-5: a few float32 products of O(1) values) for every t
     * where neither side saw padding: t >= 7 (the stream's zero history has left both layers)
     * and t - delay + 2 inside the valid layer's output (the same layer's right pad).
     */
    private static boolean matchesShifted(float[] stream, double[] keras, int delay) {
        for (int t = 7; t < stream.length; t++) {
            int u = t - delay;
            if (u + 2 >= keras.length || u < 1) {
                continue;
            }
            if (Math.abs(stream[t] - keras[u]) > 1e-5) {
                return false;
            }
        }
        return true;
    }
}
