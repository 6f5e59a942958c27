package dev.convstream.plugin.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginState;
import dev.convstream.plugin.ProcessSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Resource swaps while a mono signal streams through a plugin in blocks, measured by the
 * largest sample-to-sample step: the test of a crossfaded swap (a model or an impulse response
 * changed while audio plays). A swap passes when
 * <ul>
 *   <li>before the first swap the output is the first resource's alone;</li>
 *   <li>around the swaps (from one block before the first to one block after the last fade)
 *       no step is larger than {@link #STEP_BOUND} times the largest step of any of the
 *       resources alone over the same samples;</li>
 *   <li>once the last fade is over and the last resource has run for its memory (receptive
 *       field, response length) since its fade began, the output is that resource alone
 *       running with the same history (a fresh plugin on the whole signal), within
 *       {@code tolerance};</li>
 *   <li>and the test can fail: the abrupt swap (each resource fresh from its swap on, no fade,
 *       what plugins did before crossfading) has a step above the bound.</li>
 * </ul>
 *
 * <p>Why 2x: during a fade {@code y = (1 - g) a + g b} with {@code g} rising by {@code 1/F} per
 * sample, so a step of {@code y} is at most the larger step of {@code a} or {@code b} plus
 * {@code |b - a| / F}: with F = 2400 samples, 1/2400 of the difference between the two
 * outputs. 2x leaves room for that while the outputs differ by less than F normal steps, and
 * still fails on a jump, which an abrupt swap makes of the size of that difference itself.
 */
public final class SwapScenario {

    /** Allowed ratio of the largest step around the swaps to the largest step without a swap. */
    public static final double STEP_BOUND = 2;

    /** A fresh instance of the plugin under test, configured (parameters) but without the resource. */
    @FunctionalInterface
    public interface Plugins {
        AudioPlugin create() throws Exception;
    }

    /** What a passing scenario measured, for the test's message. */
    public record Steps(double withoutSwap, double withSwaps, double abrupt) {
    }

    private final Plugins plugins;
    private final ProcessSpec spec;
    private final String resource;
    private final int block;

    /**
     * @param plugins  fresh instances
     * @param spec     a mono spec
     * @param resource the resource swapped
     * @param block    frames per block; every swap is at a multiple of it
     */
    public SwapScenario(Plugins plugins, ProcessSpec spec, String resource, int block) {
        if (spec.channels() != 1) {
            throw new IllegalArgumentException("a swap scenario is mono, found " + spec.channels() + " channels");
        }
        this.plugins = plugins;
        this.spec = spec;
        this.resource = resource;
        this.block = block;
    }

    /**
     * A plucked-string-like signal: 110 Hz with harmonics 2..8 at 1/h, decaying over 0.4 s,
     * plucked again every 0.5 s, peak about 0.5; each pluck starts at phase 0, so the signal has
     * no step of its own.
     */
    public static float[] pluckedString(int frames, double sampleRate) {
        float[] x = new float[frames];
        int period = (int) (0.5 * sampleRate);
        for (int i = 0; i < frames; i++) {
            double t = (i % period) / sampleRate;
            double s = 0;
            for (int h = 1; h <= 8; h++) {
                s += Math.sin(2 * Math.PI * 110 * h * t) / h;
            }
            x[i] = (float) (0.25 * s * Math.exp(-t / 0.4));
        }
        return x;
    }

    /** Largest {@code |y[n] - y[n - 1]|} for {@code from < n < to}. */
    public static double maxStep(float[] y, int from, int to) {
        double max = 0;
        for (int n = Math.max(1, from + 1); n < Math.min(y.length, to); n++) {
            max = Math.max(max, Math.abs(y[n] - y[n - 1]));
        }
        return max;
    }

    /** {@code x} through a fresh plugin with {@code value} loaded before prepare. */
    public float[] alone(String value, float[] x) throws Exception {
        try (AudioPlugin p = plugins.create()) {
            p.setResource(resource, value);
            p.prepare(spec);
            return stream(p, x, new int[0], List.of());
        }
    }

    /**
     * {@code x} through a fresh plugin playing {@code values.get(0)} from the start, set to
     * {@code values.get(i)} before the block at sample {@code at[i - 1]} (on the thread that
     * streams, between blocks, as a control thread would).
     */
    public float[] swapped(List<String> values, int[] at, float[] x) throws Exception {
        try (AudioPlugin p = plugins.create()) {
            p.setResource(resource, values.get(0));
            p.prepare(spec);
            return stream(p, x, at, values.subList(1, values.size()));
        }
    }

    /**
     * Runs the scenario (see the class comment) and asserts it; {@code values.get(i + 1)} is
     * set at sample {@code at[i]}, every {@code at[i]} a multiple of the block.
     *
     * @param fade      the plugin's crossfade in samples
     * @param memory    samples of input the last resource's output depends on (receptive
     *                  field, response length)
     * @param tolerance largest difference allowed between outputs of the same resource with the
     *                  same history (the plugin's own rounding bound)
     */
    public Steps assertSmooth(List<String> values, int[] at, float[] x, int fade, int memory, double tolerance)
            throws Exception {
        float[] out = swapped(values, at, x);
        int lastStart = lastFadeStart(at, fade);
        int from = at[0] - block;
        int to = Math.min(x.length, lastStart + fade + block);
        double normal = 0;
        float[] first = alone(values.get(0), x);
        float[] last = first;
        float[] abrupt = first.clone();
        for (int i = 1; i < values.size(); i++) {
            last = alone(values.get(i), x);
            normal = Math.max(normal, maxStep(last, from, to));
            float[] fresh = alone(values.get(i), Arrays.copyOfRange(x, at[i - 1], x.length));
            System.arraycopy(fresh, 0, abrupt, at[i - 1], fresh.length);
        }
        normal = Math.max(normal, maxStep(first, from, to));
        Steps steps = new Steps(normal, maxStep(out, from, to), maxStep(abrupt, from, to));
        assertClose(first, out, 0, at[0], tolerance, "before the first swap");
        assertTrue(steps.withSwaps() <= STEP_BOUND * normal, "largest step around the swaps " + steps.withSwaps()
                + " exceeds " + STEP_BOUND + " x the largest step without a swap, " + normal + " (" + steps + ")");
        assertTrue(steps.abrupt() > STEP_BOUND * normal, "the scenario cannot fail: an abrupt swap's largest step "
                + steps.abrupt() + " is within the bound too (" + steps + ")");
        int settled = lastStart + Math.max(fade, memory);
        assertTrue(settled < x.length, "the signal ends before the last resource has settled, at sample " + settled);
        assertClose(last, out, settled, x.length, tolerance,
                "after the last fade, against the last resource alone with the same history");
        return steps;
    }

    /**
     * A swap with nothing playing is immediate: a resource restored by {@code loadState} after
     * {@code prepare} but before the first block plays alone from the first sample, and so does
     * one set after {@code reset} (the stream restarts): no fade from the one before.
     */
    public void assertImmediateWhenStopped(String first, String second, float[] x, double tolerance) throws Exception {
        try (AudioPlugin p = plugins.create()) {
            p.setResource(resource, first);
            p.prepare(spec);
            p.loadState(new PluginState(p.descriptor().id(), p.parameters().values(), Map.of(resource, second)));
            assertClose(alone(second, x), stream(p, x, new int[0], List.of()), 0, x.length, tolerance,
                    "loaded by loadState before audio");
            p.reset();
            p.setResource(resource, first);
            assertClose(alone(first, x), stream(p, x, new int[0], List.of()), 0, x.length, tolerance,
                    "set after reset");
        }
    }

    /**
     * Where the last fade starts: a swap asked for during a fade starts at the first block
     * boundary after that fade's end (ResourceHolder's rule).
     */
    private int lastFadeStart(int[] at, int fade) {
        int start = -fade;
        for (int a : at) {
            start = Math.max(a, (start + fade + block - 1) / block * block);
        }
        return start;
    }

    private float[] stream(AudioPlugin p, float[] x, int[] at, List<String> values) throws Exception {
        float[][] buf = {x.clone()};
        AudioBlock view = new AudioBlock();
        int next = 0;
        for (int pos = 0; pos < x.length; pos += block) {
            if (next < at.length && at[next] == pos) {
                p.setResource(resource, values.get(next++));
            }
            p.process(view.set(buf, pos, Math.min(block, x.length - pos)));
        }
        if (next < at.length) {
            throw new IllegalArgumentException("swap at sample " + at[next] + " is not at a block boundary before "
                    + x.length);
        }
        return buf[0];
    }

    private static void assertClose(float[] expected, float[] actual, int from, int to, double tolerance, String what) {
        for (int i = from; i < to; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                fail(what + ": sample " + i + " expected " + expected[i] + " found " + actual[i]
                        + " (tolerance " + tolerance + ")");
            }
        }
    }
}
