package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.spec.PaddingMode;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.KernelFamilies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both families' {@link TransposedScatter} against bias fill + {@link Col2im} (itself checked as
 * the adjoint of Im2col), on geometries that exercise the vector kernel's flat runs, its
 * stride-2 interleave (rows of at least 32 outputs), stride-1 copies, other strides, and the
 * non-flat fallback. Values are sixteenths, so every sum is exact in float whatever the order,
 * and equality is exact. The margins around the column matrix and the scratch are filled with
 * NaN: a read of them that reached the image would show.
 */
class TransposedScatterTest {

    /** imageH, imageW, k, stride, pad, dilation, gridH, gridW (square kernel/stride/pad). */
    static List<int[]> geometries() {
        List<int[]> g = new ArrayList<>();
        // The benchmark case and its odd-sized relatives: k4 s2 p1 (flat, interleave).
        g.add(new int[] {56, 56, 4, 2, 1, 1, 28, 28});
        g.add(new int[] {58, 62, 4, 2, 1, 1, 29, 31});   // output = 2*in (op 0)
        g.add(new int[] {59, 63, 4, 2, 1, 1, 29, 31});   // output_padding 1: one more row/col
        g.add(new int[] {14, 10, 4, 2, 1, 1, 7, 5});     // narrow: scalar interleave
        g.add(new int[] {2, 2, 4, 2, 1, 1, 1, 1});       // 1x1 input
        g.add(new int[] {2, 80, 4, 2, 1, 1, 1, 40});     // 1xW
        // Kernels not divisible by the stride, other paddings.
        g.add(new int[] {55, 61, 3, 2, 1, 1, 28, 31});   // k3 s2 p1
        g.add(new int[] {56, 62, 3, 2, 1, 1, 28, 31});   // k3 s2 p1 op1
        g.add(new int[] {57, 63, 5, 2, 2, 1, 29, 32});   // k5 s2 p2
        g.add(new int[] {58, 64, 2, 2, 0, 1, 29, 32});   // k2 s2 p0: one tap per phase
        g.add(new int[] {60, 66, 4, 2, 0, 1, 29, 32});   // k4 s2 p0: not flat (phase wider than the input)
        g.add(new int[] {57, 63, 3, 2, 0, 1, 28, 31});   // k3 s2 p0: not flat
        g.add(new int[] {54, 60, 4, 2, 2, 1, 28, 31});   // k4 s2 p2
        // Strides 3 and 4, stride 1.
        g.add(new int[] {84, 90, 3, 3, 0, 1, 28, 30});
        g.add(new int[] {83, 89, 5, 3, 2, 1, 28, 30});
        g.add(new int[] {112, 120, 8, 4, 2, 1, 28, 30});
        g.add(new int[] {110, 118, 6, 4, 1, 1, 28, 30});
        g.add(new int[] {40, 37, 3, 1, 1, 1, 40, 37});   // s1 p1: row copies
        g.add(new int[] {38, 35, 3, 1, 2, 1, 40, 37});   // s1 p2
        g.add(new int[] {7, 5, 3, 1, 1, 1, 7, 5});
        // Dilation.
        g.add(new int[] {57, 63, 3, 2, 2, 2, 28, 31});
        g.add(new int[] {42, 44, 3, 1, 2, 2, 40, 40});
        return g;
    }

    static Stream<Object[]> cases() {
        return KernelFamilies.both().flatMap(k -> geometries().stream().map(g -> new Object[] {k, g}));
    }

    private static ConvGeometry geometry(int[] g) {
        return new ConvGeometry(g[0], g[1], g[2], g[2], g[3], g[3], g[4], g[4], g[5], g[5], g[6], g[7],
                PaddingMode.ZEROS);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesBiasFillAndCol2im(Kernels kernels, int[] dims) {
        ConvGeometry g = geometry(dims);
        PhasePlan plan = new PhasePlan(g);
        Random r = new Random(Arrays.hashCode(dims));
        int channels = 3;
        int matrix = channels * g.taps() * g.gridSize();
        float[] columns = new float[plan.marginBefore() + matrix + plan.marginAfter() + 5];
        Arrays.fill(columns, Float.NaN);
        for (int i = 0; i < matrix; i++) {
            columns[plan.marginBefore() + i] = (r.nextInt(33) - 16) / 16f;
        }
        float[] bias = {Float.NaN, 0.5f, -1.25f, 2f};
        for (boolean withBias : new boolean[] {true, false}) {
            float[] expected = new float[2 + channels * g.imageSize()];
            float[] image = new float[expected.length];
            Arrays.fill(image, Float.NaN); // overwritten, never read
            for (int c = 0; c < channels; c++) {
                Arrays.fill(expected, 2 + c * g.imageSize(), 2 + (c + 1) * g.imageSize(), withBias ? bias[1 + c] : 0f);
            }
            Col2im.accumulate(g, channels, columns, plan.marginBefore(), expected, 2);
            expected[0] = image[0];
            expected[1] = image[1];
            float[] work = new float[plan.workSize() + 3];
            Arrays.fill(work, Float.NaN);
            kernels.transposedScatter().scatter(plan, channels, columns, plan.marginBefore(),
                    withBias ? bias : null, 1, image, 2, work, 3);
            assertArrayEquals(expected, image, kernels.name() + " " + Arrays.toString(dims) + " bias " + withBias);
        }
    }

    @org.junit.jupiter.api.Test
    void flatExactlyWhenNoPhaseIsWiderThanTheInput() {
        assertTrue(new PhasePlan(geometry(new int[] {56, 56, 4, 2, 1, 1, 28, 28})).flat());
        assertTrue(new PhasePlan(geometry(new int[] {58, 64, 2, 2, 0, 1, 29, 32})).flat());
        assertFalse(new PhasePlan(geometry(new int[] {60, 66, 4, 2, 0, 1, 29, 32})).flat());
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void rejectsAColumnMatrixWithoutItsMargins(Kernels kernels) {
        PhasePlan plan = new PhasePlan(geometry(new int[] {56, 56, 4, 2, 1, 1, 28, 28}));
        int matrix = 16 * 784;
        TransposedScatter scatter = kernels.transposedScatter();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scatter.scatter(plan, 1, new float[matrix + 200], 0, null, 0,
                        new float[56 * 56], 0, new float[plan.workSize()], 0));
        assertTrue(e.getMessage().contains("margin"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> scatter.scatter(plan, 1, new float[matrix + 200], 100, null, 0,
                        new float[56 * 56], 0, new float[plan.workSize() - 1], 0));
        assertTrue(e.getMessage().contains("work needs"), e.getMessage());
    }

    /**
     * strideH, strideW, imageH, imageW, pitch, channels: the sub-pixel layout of case (f) (pitch
     * one wider than a phase row), odd sizes (phases of unequal rows and columns), rows too
     * narrow for the vector interleave, strides 1, 3 and mixed.
     */
    static List<int[]> interleaves() {
        return List.of(new int[] {2, 2, 56, 56, 29, 3}, new int[] {2, 2, 57, 63, 33, 2},
                new int[] {2, 2, 58, 64, 32, 1}, new int[] {2, 2, 14, 10, 6, 2}, new int[] {2, 2, 2, 2, 2, 1},
                new int[] {1, 1, 20, 37, 39, 2}, new int[] {3, 3, 31, 44, 16, 2}, new int[] {1, 2, 9, 70, 36, 2},
                new int[] {2, 1, 9, 40, 41, 2}, new int[] {4, 4, 17, 130, 33, 1});
    }

    static Stream<Object[]> interleaveCases() {
        return KernelFamilies.both().flatMap(k -> interleaves().stream().map(d -> new Object[] {k, d}));
    }

    /**
     * Every output comes from its phase plane at {@code (oy / strideH, ox / strideW)}, and
     * nothing else is written: the phase values are distinct integers, the unread parts of the
     * planes and the floats around the image are NaN. Written row phase by row phase, and by
     * bands of phase rows (as a split call's parts do), which together write the same.
     */
    @ParameterizedTest
    @MethodSource("interleaveCases")
    void interleaveWritesEachOutputFromItsPhasePlane(Kernels kernels, int[] d) {
        int sh = d[0];
        int sw = d[1];
        int imageH = d[2];
        int imageW = d[3];
        int pitch = d[4];
        int channels = d[5];
        int rows = (imageH + sh - 1) / sh;
        int phaseStride = rows * pitch + 7;
        int channelStride = sh * sw * phaseStride + 5;
        int planesOff = 3;
        float[] planes = new float[planesOff + channels * channelStride];
        Arrays.fill(planes, Float.NaN);
        float[] expected = new float[2 + channels * imageH * imageW + 2];
        Arrays.fill(expected, Float.NaN);
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy < imageH; oy++) {
                for (int ox = 0; ox < imageW; ox++) {
                    int at = planesOff + c * channelStride + ((oy % sh) * sw + ox % sw) * phaseStride
                            + (oy / sh) * pitch + ox / sw;
                    planes[at] = at;
                    expected[2 + (c * imageH + oy) * imageW + ox] = at;
                }
            }
        }
        PhasePlanes layout = new PhasePlanes(sh, sw, imageH, imageW, pitch, phaseStride, channelStride);
        float[] image = new float[expected.length];
        Arrays.fill(image, Float.NaN);
        for (int py = 0; py < sh; py++) {
            kernels.transposedScatter().interleave(layout, channels, py, 0, (imageH - py + sh - 1) / sh, planes,
                    planesOff, image, 2);
        }
        assertArrayEquals(expected, image, kernels.name() + " " + Arrays.toString(d));
        // Bands of phase rows, as a split call's parts write them: each writes its rows only.
        float[] byBand = new float[expected.length];
        Arrays.fill(byBand, Float.NaN);
        for (int py = sh - 1; py >= 0; py--) {
            int phaseRows = (imageH - py + sh - 1) / sh;
            for (int q0 = 0; q0 < phaseRows; q0 += 3) {
                int q1 = Math.min(phaseRows, q0 + 3);
                kernels.transposedScatter().interleave(layout, channels, py, q0, q1, planes, planesOff, byBand, 2);
                for (int c = 0; c < channels; c++) {
                    for (int oy = 0; oy < imageH; oy++) {
                        int at = 2 + (c * imageH + oy) * imageW;
                        boolean written = oy % sh > py || oy % sh == py && oy / sh < q1;
                        for (int ox = 0; ox < imageW; ox++) {
                            if (written ? byBand[at + ox] != expected[at + ox] : !Float.isNaN(byBand[at + ox])) {
                                fail(kernels.name() + " " + Arrays.toString(d) + " after rows [" + q0 + ", " + q1
                                        + ") of row phase " + py + ": output (" + c + ", " + oy + ", " + ox + ") is "
                                        + byBand[at + ox]);
                            }
                        }
                    }
                }
            }
        }
        assertArrayEquals(expected, byBand, kernels.name() + " " + Arrays.toString(d) + " by bands");
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void interleaveRejectsPlanesOrImagesTooShort(Kernels kernels) {
        TransposedScatter scatter = kernels.transposedScatter();
        PhasePlanes f = new PhasePlanes(2, 2, 56, 56, 29, 812, 3300);
        // 2 channels of 56x56 from 4 phases of 28 rows x 29: the last row of the last phase of
        // channel 1 ends at 1*3300 + 3*812 + 27*29 + 29 = 6548.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scatter.interleave(f, 2, 1, 0, 28, new float[6547], 0, new float[2 * 56 * 56], 0));
        assertTrue(e.getMessage().contains("phase planes of 2 channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> scatter.interleave(f, 2, 1, 0, 28, new float[6548], 0, new float[2 * 56 * 56], 1));
        assertTrue(e.getMessage().contains("image of 2x56x56"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> scatter.interleave(f, 2, 1, 2, 29, new float[6548], 0, new float[2 * 56 * 56], 0));
        assertTrue(e.getMessage().contains("phase rows [2, 29) are not a range of row phase 1's [0, 28)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> scatter.interleave(f, 2, 2, 0, 1, new float[6548], 0, new float[2 * 56 * 56], 0));
        assertTrue(e.getMessage().contains("rowPhase"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PhasePlanes(2, 2, 56, 56, 27, 812, 3300));
        assertTrue(e.getMessage().contains("pitch 27"), e.getMessage());
        scatter.interleave(f, 2, 1, 0, 28, new float[6548], 0, new float[2 * 56 * 56], 0);
    }

    /** Once compiled, no call allocates (C2 is given up to a minute on a loaded machine). */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    @Tag("allocation")
    void doesNotAllocateOnceWarm(Kernels kernels) {
        PhasePlan[] plans = geometries().stream().map(g -> new PhasePlan(geometry(g))).toArray(PhasePlan[]::new);
        TransposedScatter scatter = kernels.transposedScatter();
        float[] columns = new float[1 << 17];
        float[] image = new float[2 * 120 * 120];
        float[] work = new float[1 << 16];
        float[] bias = {1f, 2f};
        PhasePlanes f = new PhasePlanes(2, 2, 56, 56, 29, 812, 3300);
        PhasePlanes g = new PhasePlanes(3, 3, 31, 44, 16, 300, 3300);
        long bytes = new AllocationMeter().allocatedOnceCompiled(() -> {
            for (int i = 0; i < plans.length; i++) { // indexed: an iterator would allocate
                scatter.scatter(plans[i], 2, columns, plans[i].marginBefore(), bias, 0, image, 0, work, 0);
            }
            scatter.interleave(f, 2, 0, 0, 28, work, 0, image, 0);
            scatter.interleave(g, 2, 1, 3, 10, work, 0, image, 0);
        }, 60_000_000_000L);
        if (bytes == 0) {
            return;
        }
        fail(kernels.name() + " scatter or interleave still allocates " + bytes + " bytes per round after warm-up");
    }
}
