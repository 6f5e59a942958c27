package dev.convstream.plugins.convolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import be.tarsos.dsp.util.fft.FloatFFT;
import dev.convstream.kernel.Kernels;
import dev.convstream.testing.NaiveConv;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The zero-latency partitioned convolution against naive direct convolution in double. */
class ChannelConvolverTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static void check(int taps, int partition, int block) {
        float[] h = random(taps, taps);
        float[] x = random(3 * taps + 100, 7);
        FloatFFT fft = new FloatFFT(2 * partition);
        ChannelConvolver conv = new ChannelConvolver(h, new TailSpectra(h, partition, fft), fft, Kernels.scalar());
        float[] y = new float[x.length];
        for (int pos = 0; pos < x.length; pos += block) {
            conv.process(x, pos, y, pos, Math.min(block, x.length - pos));
        }
        double[] ref = NaiveConv.fir(h, x);
        double l1 = 0;
        for (float v : h) {
            l1 += Math.abs(v);
        }
        // float32 sums and FFTs of size <= 1024: well within 2e-6 of the sum of |terms|
        double tol = 2e-6 * l1;
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(ref[i] - y[i]) <= tol)) {
                fail("taps " + taps + " P " + partition + " block " + block + ": frame " + i + " expected "
                        + ref[i] + " found " + y[i] + " (tolerance " + tol + ")");
            }
        }
    }

    @Test
    void headOnlyResponseEqualsDirectConvolution() {
        check(31, 32, 7);
    }

    @Test
    void responseWithATailEqualsDirectConvolutionWhateverTheBlock() {
        for (int block : new int[] {1, 13, 64, 100, 300}) {
            check(1000, 64, block);
        }
    }

    @Test
    void tailEndingExactlyAtAPartitionBoundary() {
        check(64 * 5, 64, 50);
    }

    @Test
    void partitionGrowsWithTheSquareRootOfTheLengthWithinBounds() {
        assertEquals(32, ConvolutionEngine.partitionFor(31), "short: all head, next power of two");
        assertEquals(128, ConvolutionEngine.partitionFor(96), "at the crossover: still all head");
        assertEquals(64, ConvolutionEngine.partitionFor(97), "past it: head of 64 + one tail partition");
        assertEquals(256, ConvolutionEngine.partitionFor(20_000));
        assertEquals(512, ConvolutionEngine.partitionFor(96_000));
    }
}
