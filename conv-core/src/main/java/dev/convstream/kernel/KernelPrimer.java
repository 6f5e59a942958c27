package dev.convstream.kernel;

import java.time.Duration;

/**
 * Runs a kernel family's streaming tiles on small stand-in data, so that the JIT has them compiled,
 * or queued, before a model needs them: the tiles a WaveNet layer spends its time in (the k = 3
 * conv with its one-row mixin, the 1x1 from a base and from zero, with and without a bias, each for
 * a group of 4 outputs and for a last row), and the exact tanh added into a head sum. Not primed:
 * the fast tanh (a model loaded with NAM core's fast-tanh switch compiles it on its own calls, as
 * before), gated and other activations, LSTMs, calls shorter than a tile (their tails).
 *
 * <p>Why: until C2 has compiled a Vector API kernel it runs as the API's Java fallback, tens to
 * thousands of times slower, and C2 only starts on a method once its call counts pass the compile
 * thresholds. Counted on a real model, that happens after the model has loaded, so a short
 * {@code process} job or {@code live}'s warm-up waits for C2 then. Counted here, on a thread of its
 * own from the first moment of the command, the counts pass while the command is still parsing its
 * options, starting Guice and loading the files, and C2 (a thread of its own too) compiles the tiles
 * beside that work (docs/startup.md, "The kernels primed at start").
 *
 * <p>What it does not do: change any output. The primer computes nothing a model reads; the JIT only
 * decides when and how a method is compiled, never what it computes. It sees every branch of the
 * primed tiles that the WaveNet path takes in both directions (a base or none, a bias or none, a
 * mixin or none), so a model's first calls after C2's compile do not meet a branch the compile
 * assumed never taken (an "unstable if", which would send the method back to the interpreter and C2
 * round again).
 *
 * <p>Sized for the convstream launcher, which starts the JVM with the kernels' compile thresholds at
 * a tenth ({@code CompileThresholdScaling}, docs/startup.md): {@link #ROUNDS} calls of each tile pass
 * C2's with a margin. Without that flag the counts stop short and the primer only costs its rounds;
 * a model's own calls then do the rest, as before.
 */
public final class KernelPrimer {

    /**
     * Rounds of every tile: about twice what C2's thresholds need under the launcher's scaling (a
     * tile with 2 input channels: ~500 calls). Measured against 300 and 600 (docs/startup.md): the
     * rounds after a tile is compiled cost microseconds, those before it is, the fallback's time.
     */
    public static final int ROUNDS = 1000;

    private static final int FRAMES = 64;
    private static final int CIN = 2;
    private static final int DILATION = 2;

    private KernelPrimer() {
    }

    /**
     * What one {@link #prime} did.
     *
     * @param rounds rounds run (fewer than asked when the budget ran out first)
     * @param nanos  wall time taken
     */
    public record Result(int rounds, long nanos) {
    }

    /**
     * Runs up to {@code rounds} rounds of the tiles of {@code kernels}, stopping early once
     * {@code budget} has passed (checked between rounds). Allocates its own small arrays; safe on any
     * thread, beside anything else using the same kernels (they keep no state).
     */
    public static Result prime(Kernels kernels, int rounds, Duration budget) {
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
        }
        long start = System.nanoTime();
        long budgetNanos = budget.toNanos();
        Tiles tiles = new Tiles(kernels);
        int done = 0;
        while (done < rounds && System.nanoTime() - start < budgetNanos) {
            tiles.round();
            done++;
        }
        return new Result(done, System.nanoTime() - start);
    }

    /**
     * Starts {@link #prime} with {@link #ROUNDS} on a daemon thread named {@code kernel-primer} (a
     * daemon: a command that ends first is not held up) and returns it, started.
     */
    public static Thread startDaemon(Kernels kernels, Duration budget) {
        Thread t = new Thread(() -> prime(kernels, ROUNDS, budget), "kernel-primer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The primed calls and their data (zeros and small weights: values do not matter to the JIT).
     * Every conv has 5 outputs: one group of 4 for the vector family's packed tiles and one last row
     * for its general tile, so each call reaches both, as a WaveNet of 16, 12, 8 or 6 channels
     * and its 1-output head do.
     */
    private static final class Tiles {
        private static final int OUTPUTS = 5;
        private final StreamingConvKernel.Fixed conv;
        private final StreamingConvKernel.Fixed pointwise;
        private final StreamingConvKernel.Fixed pointwiseNoBias;
        private final ElementwiseMath math;
        private final int history = DILATION * 2;
        private final int stride = FRAMES + history;
        private final float[] x = new float[CIN * stride];
        private final float[] condition = new float[FRAMES];
        private final float[] mixin = new float[OUTPUTS];
        private final float[] y = new float[OUTPUTS * FRAMES];
        private final float[] base = new float[OUTPUTS * FRAMES];
        private final float[] sum = new float[FRAMES];

        Tiles(Kernels kernels) {
            StreamingConvKernel family = kernels.streamingConv();
            float[] w = new float[OUTPUTS * CIN * 3];
            for (int i = 0; i < w.length; i++) {
                w[i] = (i % 7 - 3) * 0.01f;
            }
            float[] bias = new float[OUTPUTS];
            // as model.Conv asks: the family's kernel for the shape, then its weights fixed
            conv = family.forShape(OUTPUTS, 3, DILATION).fix(OUTPUTS, CIN, 3, DILATION, w, 0, bias, 0);
            pointwise = family.forShape(OUTPUTS, 1, 1).fix(OUTPUTS, CIN, 1, 1, w, 0, bias, 0);
            pointwiseNoBias = family.forShape(OUTPUTS, 1, 1).fix(OUTPUTS, CIN, 1, 1, w, 0, null, 0);
            math = kernels.math();
        }

        void round() {
            // a layer's dilated conv and input mixin; its activation into the head sum (one row: its
            // loop passes C2's threshold as soon as the tiles do, and each call before the compile
            // runs the API's slow fallback, so all 5 rows only cost CPU the command's start needs:
            // the 1 s process job took 1.49 s against 1.39 on JDK 17); its residual 1x1 (from a
            // base, with a bias); a rechannel or head (from zero, no bias); the other two
            conv.correlateWithMixin(x, history, stride, mixin, 0, condition, 0, y, 0, FRAMES, FRAMES);
            math.tanhAddInto(y, 0, sum, 0, FRAMES);
            pointwise.correlateOnto(x, history, stride, base, 0, FRAMES, y, 0, FRAMES, FRAMES);
            pointwiseNoBias.correlate(x, history, stride, y, 0, FRAMES, FRAMES);
            pointwise.correlate(x, history, stride, y, 0, FRAMES, FRAMES);
            pointwiseNoBias.correlateOnto(x, history, stride, base, 0, FRAMES, y, 0, FRAMES, FRAMES);
        }
    }
}
