package dev.convstream.plugin.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.ChannelMapping;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginState;
import dev.convstream.plugin.ProcessSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every {@link AudioPlugin} passes. A plugin module extends this class (from
 * plugin-api's test-jar) and supplies its factory; optional hooks load resources, name two
 * values of a resource for the swap test, and widen the block-partition tolerance for plugins
 * whose arithmetic depends on block boundaries. The test doubles of this package
 * ({@link ScalePlugin}, {@link DelayPlugin}, {@link FileScalePlugin}) serve every module's tests.
 */
public abstract class AudioPluginContract {

    /**
     * Two values of one resource (e.g. two model files) for the swap test, and parameter values
     * to set first (e.g. a normalisation off, so that the swap does not start a gain ramp the
     * fresh reference plugin would not have).
     */
    public record ResourceSwap(String resource, String first, String second, Map<String, Double> parameters) {
        public ResourceSwap(String resource, String first, String second) {
            this(resource, first, second, Map.of());
        }
    }

    /** The two orders a host may use before audio starts (JUCE's convolution tests run both). */
    public enum Order { PREPARE_THEN_LOAD, LOAD_THEN_PREPARE }

    /** Frames per test signal: long enough for filters to settle, short enough to stay fast. */
    protected static final int SIGNAL_FRAMES = 4096;

    /** The factory under test. */
    protected abstract AudioPluginFactory factory();

    /** Loads resources (model, impulse response) into a fresh instance before prepare. */
    protected void configure(AudioPlugin plugin) throws Exception {
    }

    /** Two values of a resource for the swap test; null (the default) skips it: no resource. */
    protected ResourceSwap resourceSwap() throws Exception {
        return null;
    }

    /**
     * Samples over which the plugin crossfades a resource swapped while audio plays (a plugin
     * that processes through {@code ResourceHolder.beginBlock/render} crossfades over 50 ms:
     * 2400 samples at the contract's 48 kHz); 0, the default, for a plugin that swaps at once.
     * The swap test then expects, from the block of the swap on, {@code g * second + (1 - g) *
     * first} with {@code g = (k + 1) / frames} at the k-th sample of the fade (the equal-gain
     * linear ramp), then the second alone.
     */
    protected int swapCrossfadeFrames() {
        return 0;
    }

    /**
     * The spec every test prepares with; its channel counts must be ones the configured
     * plugin's {@link AudioPlugin#channelMapping()} gives (a mono-to-stereo plugin returns
     * {@code new ProcessSpec(48_000, 512, 1, 2)}).
     */
    protected ProcessSpec spec() {
        return new ProcessSpec(48_000, 512, 2);
    }

    /**
     * Largest absolute difference allowed between outputs of the same input cut into blocks
     * differently. 0 (bit-exact) for plugins whose per-sample arithmetic does not depend on
     * where a block starts; FFT-based plugins override it with their rounding bound.
     */
    protected double partitionTolerance() {
        return 0;
    }

    // ---- tests -------------------------------------------------------------------------

    @Test
    void descriptorMatchesFactoryAndParametersStartAtDefaults() throws Exception {
        try (AudioPlugin p = newPlugin()) {
            assertEquals(factory().id(), factory().descriptor().id(), "factory id");
            assertEquals(factory().descriptor(), p.descriptor(), "created plugin's descriptor");
            List<ParameterSpec> specs = p.descriptor().parameters();
            List<Parameter> params = p.parameters().all();
            assertEquals(specs.size(), params.size(), "parameter count");
            for (int i = 0; i < specs.size(); i++) {
                assertEquals(specs.get(i), params.get(i).spec(), "parameter " + i + " spec");
                assertEquals(specs.get(i).defaultValue(), params.get(i).get(),
                        "parameter '" + specs.get(i).id() + "' starts at its default");
            }
        }
    }

    @Test
    void preparedPluginProducesFiniteOutputOfTheSpecsShape() throws Exception {
        try (AudioPlugin p = prepared()) {
            float[][] out = run(p, signal(), uniform(spec().maxBlockSize()));
            assertEquals(spec().outputChannels(), out.length);
            assertAllFinite(out, "output");
        }
    }

    // ---- channels ------------------------------------------------------------------------

    /** Widest input tried by {@link #everyChannelCountTheMappingTakesRuns}. */
    private static final int MAX_CHANNELS_TRIED = 8;

    @Test
    void channelMappingGivesTheSpecsCountsBeforeAndAfterPrepare() throws Exception {
        try (AudioPlugin p = newPlugin()) {
            ChannelMapping before = p.channelMapping();
            assertTrue(before.accepts(spec()), "the mapping " + before + " must give " + spec().describe());
            p.prepare(spec());
            run(p, signal(), uniform(64));
            assertEquals(before, p.channelMapping(), "mapping after prepare and processing");
        }
    }

    /**
     * Every input count from 1 to {@value #MAX_CHANNELS_TRIED} that the mapping takes runs, with
     * finite output of the mapped width: the mapping declares nothing the plugin cannot do.
     */
    @Test
    void everyChannelCountTheMappingTakesRuns() throws Exception {
        int ran = 0;
        for (int in = 1; in <= MAX_CHANNELS_TRIED; in++) {
            try (AudioPlugin p = newPlugin()) {
                OptionalInt out = p.channelMapping().outputChannels(in);
                if (out.isEmpty()) {
                    continue;
                }
                p.prepare(spec().withChannels(in, out.getAsInt()));
                float[][] y = run(p, signal(in), uniform(100));
                assertEquals(out.getAsInt(), y.length, in + " channels in");
                assertAllFinite(y, in + " -> " + out.getAsInt() + " channels");
                ran++;
            }
        }
        assertTrue(ran >= 1, "the mapping takes no count from 1 to " + MAX_CHANNELS_TRIED);
    }

    /**
     * A per-channel plugin on 4 channels gives, on each, what a mono instance gives on that
     * channel alone: no state, ramp or buffer is shared across channels. Bit-exact: each
     * channel runs the same arithmetic on the same samples.
     */
    @Test
    void perChannelPluginProcessesEachChannelAsIfAlone() throws Exception {
        int channels = 4;
        float[][] input = signal(channels);
        float[][] together;
        try (AudioPlugin p = newPlugin()) {
            assumeTrue(p.channelMapping().isPerChannel(), "not per channel: " + p.channelMapping());
            p.prepare(spec().withChannels(channels, channels));
            together = run(p, input, uniform(64));
        }
        for (int c = 0; c < channels; c++) {
            try (AudioPlugin mono = newPlugin()) {
                mono.prepare(spec().withChannels(1, 1));
                float[][] alone = run(mono, new float[][] {input[c]}, uniform(64));
                assertArrayEquals(alone[0], together[c], "channel " + c + " of " + channels + " vs alone");
            }
        }
    }

    @Test
    void resetReturnsToTheFreshlyPreparedState() throws Exception {
        try (AudioPlugin p = prepared()) {
            float[][] first = run(p, signal(), uniform(64));
            p.reset();
            float[][] again = run(p, signal(), uniform(64));
            assertClose(first, again, 0, "output after reset vs first run");
        }
    }

    @Test
    void zeroFrameBlockChangesNothing() throws Exception {
        try (AudioPlugin a = prepared(); AudioPlugin b = prepared()) {
            float[][] empty = new float[spec().blockChannels()][8];
            a.process(AudioBlock.wrap(empty, 0));
            assertClose(run(b, signal(), uniform(64)), run(a, signal(), uniform(64)), 0,
                    "output after an empty block");
        }
    }

    /** How long {@link #processAllocatesNothingAfterWarmUp} waits for the JIT to settle. */
    private static final long ALLOCATION_BUDGET_NANOS = 30_000_000_000L;

    /** This thread's allocation counter; skips the test on a JVM without one. */
    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        assumeTrue(std instanceof com.sun.management.ThreadMXBean,
                "this JVM has no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "thread allocation counting unsupported");
        mx.setThreadAllocatedMemoryEnabled(true);
        return mx;
    }

    @Test
    void processAllocatesNothingAfterWarmUp() throws Exception {
        com.sun.management.ThreadMXBean mx = allocationCounter();
        try (AudioPlugin p = prepared()) {
            float[][] source = signal();
            int block = Math.min(256, spec().maxBlockSize());
            float[][] buffer = new float[spec().blockChannels()][block];
            AudioBlock view = new AudioBlock();
            // Warm-up: class loading, lazy init and the interpreter -> C1 -> C2 transitions.
            pump(p, source, buffer, view, 10_000);
            // Until C2 has compiled the hot path, code that is allocation-free when compiled can
            // still allocate (Vector API kernels box their vectors in the interpreter and C1, and
            // C2 compiles them in the background, later on a fast idle machine than the fixed
            // warm-up above allows for). So windows of 1000 calls are measured until one is clean,
            // for up to ALLOCATION_BUDGET_NANOS; a plugin that allocates in process() at all,
            // even once per 1000 calls, never gives a clean window.
            long deadline = System.nanoTime() + ALLOCATION_BUDGET_NANOS;
            java.util.ArrayDeque<Long> last = new java.util.ArrayDeque<>();
            int windows = 0;
            do {
                long before = mx.getCurrentThreadAllocatedBytes();
                pump(p, source, buffer, view, 1_000);
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                if (bytes == 0) {
                    return;
                }
                windows++;
                last.addLast(bytes);
                if (last.size() > 5) {
                    last.removeFirst();
                }
            } while (System.nanoTime() < deadline);
            fail("process() allocates: no clean window of 1000 calls in " + windows
                    + " windows; bytes in the last ones: " + last);
        }
    }

    @Test
    void outputDoesNotDependOnBlockPartition() throws Exception {
        float[][] input = signal();
        float[][] reference;
        try (AudioPlugin p = prepared()) {
            reference = run(p, input, uniform(spec().maxBlockSize()));
        }
        Random rnd = new Random(42);
        int[] mixed = new int[SIGNAL_FRAMES];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = 1 + rnd.nextInt(spec().maxBlockSize());
        }
        for (int[] partition : List.of(uniform(1), uniform(7), uniform(64), uniform(511), mixed)) {
            try (AudioPlugin p = prepared()) {
                assertClose(reference, run(p, input, partition), partitionTolerance(),
                        "blocks of " + describe(partition) + " vs blocks of " + spec().maxBlockSize());
            }
        }
    }

    @Test
    void everyParameterEdgeGivesFiniteOutput() throws Exception {
        for (ParameterSpec s : factory().descriptor().parameters()) {
            for (double v : new double[] {s.min(), s.max(), s.defaultValue()}) {
                try (AudioPlugin p = newPlugin()) {
                    p.parameters().get(s.id()).set(v);
                    p.prepare(spec());
                    assertAllFinite(run(p, signal(), uniform(100)), s.id() + "=" + v);
                }
            }
            // A jump from one edge to the other while running must stay finite too.
            try (AudioPlugin p = prepared()) {
                Parameter param = p.parameters().get(s.id());
                param.set(s.min());
                run(p, signal(), uniform(100));
                param.set(s.max());
                assertAllFinite(run(p, signal(), uniform(100)), s.id() + " jump min->max");
            }
        }
    }

    @Test
    void outOfRangeParameterIsRejectedNamingIt() throws Exception {
        try (AudioPlugin p = newPlugin()) {
            for (Parameter param : p.parameters().all()) {
                ParameterSpec s = param.spec();
                for (double bad : new double[] {s.max() + (s.max() - s.min()), Double.NaN}) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> param.set(bad), s.id() + "=" + bad);
                    assertTrue(e.getMessage().contains(s.id()), e.getMessage());
                }
                assertEquals(s.defaultValue(), param.get(), "value unchanged after a rejected set");
            }
        }
    }

    @Test
    void nonFiniteInputIsProcessedAsSilence() throws Exception {
        float[][] clean = signal();
        float[][] poisoned = copy(clean);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int k = 0;
        for (int c = 0; c < clean.length; c++) {
            for (int i = 100 + c; i < SIGNAL_FRAMES; i += 997) {
                poisoned[c][i] = bad[k++ % bad.length];
                clean[c][i] = 0f;
            }
        }
        try (AudioPlugin a = prepared(); AudioPlugin b = prepared()) {
            float[][] out = run(a, poisoned, uniform(64));
            assertAllFinite(out, "output of a stream with NaN/Inf samples");
            assertClose(run(b, clean, uniform(64)), out, partitionTolerance(),
                    "NaN/Inf input vs the same stream with zeros there");
        }
    }

    @Test
    void latencyIsNonNegativeAndStableWhileProcessing() throws Exception {
        try (AudioPlugin p = prepared()) {
            int latency = p.latencySamples();
            assertTrue(latency >= 0, "latency " + latency);
            run(p, signal(), uniform(64));
            assertEquals(latency, p.latencySamples(), "latency after processing");
        }
    }

    @Test
    void savedStateRestoresParametersAndSound() throws Exception {
        PluginState saved;
        float[][] expected;
        try (AudioPlugin p = newPlugin()) {
            for (Parameter param : p.parameters().all()) {
                param.setNormalized(0.37);
            }
            saved = p.saveState();
            p.prepare(spec());
            expected = run(p, signal(), uniform(64));
        }
        try (AudioPlugin q = factory().create()) {
            q.loadState(saved);
            configureIfNoResources(q, saved);
            assertEquals(saved.parameters(), q.parameters().values(), "restored parameter values");
            q.prepare(spec());
            assertClose(expected, run(q, signal(), uniform(64)), 0, "output after loadState");
        }
    }

    @Test
    void stateOfAnotherPluginIsRejected() throws Exception {
        try (AudioPlugin p = newPlugin()) {
            PluginState other = new PluginState(p.descriptor().id() + "_other",
                    java.util.Map.of(), java.util.Map.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.loadState(other));
            assertTrue(e.getMessage().contains(other.pluginId()), e.getMessage());
        }
    }

    /** Frames per block in the swap test; the audio thread runs this many blocks before the swap. */
    private static final int SWAP_BLOCK = 64;
    private static final int BLOCKS_BEFORE_SWAP = 20;

    /**
     * A resource swapped on a control thread while the audio thread processes is picked up
     * whole at a block boundary: every block before it is the first resource's output, every
     * block from it on the second's starting from silence (crossfaded from the first's over
     * {@link #swapCrossfadeFrames()}, the first still running on the same input), and no block
     * is lost. References are fresh instances of the same plugin over the same blocks.
     */
    @ParameterizedTest
    @EnumSource(Order.class)
    void resourceSwapWhileAnotherThreadProcessesSwitchesAtABlockBoundaryWithoutLosingABlock(Order order)
            throws Exception {
        ResourceSwap swap = resourceSwap();
        assumeTrue(swap != null, "no resource to swap");
        List<float[][]> outputs = new ArrayList<>();
        AtomicBoolean swapped = new AtomicBoolean();
        AtomicReference<Throwable> audioError = new AtomicReference<>();
        CountDownLatch audioRunning = new CountDownLatch(1);
        try (AudioPlugin p = factory().create()) {
            swap.parameters().forEach((id, v) -> p.parameters().get(id).set(v));
            assumeTrue(order == Order.LOAD_THEN_PREPARE || p.channelMapping().accepts(spec()),
                    "without its resource the plugin maps " + p.channelMapping() + ", not " + spec().describe()
                    + ": the resource decides the channel counts, so it is loaded before prepare");
            if (order == Order.LOAD_THEN_PREPARE) {
                p.setResource(swap.resource(), swap.first());
                p.prepare(spec());
            } else {
                p.prepare(spec());
                p.setResource(swap.resource(), swap.first());
            }
            Thread audio = new Thread(() -> {
                try {
                    float[][] buf = new float[spec().blockChannels()][SWAP_BLOCK];
                    AudioBlock view = new AudioBlock();
                    int after = 0;
                    int afterFade = 50 + swapCrossfadeFrames() / SWAP_BLOCK;
                    for (int n = 0; after < afterFade && n < 200_000; n++) {
                        fillSwapSignal(buf, spec().channels(), (long) n * SWAP_BLOCK);
                        p.process(view.set(buf, 0, SWAP_BLOCK));
                        outputs.add(copy(Arrays.copyOf(buf, spec().outputChannels())));
                        if (n == BLOCKS_BEFORE_SWAP) {
                            audioRunning.countDown();
                        }
                        if (swapped.get()) {
                            after++;
                        }
                        if (n >= BLOCKS_BEFORE_SWAP) {
                            Thread.sleep(1); // about real time, however long the load takes
                        }
                    }
                } catch (Throwable t) {
                    audioError.set(t);
                }
            }, "audio");
            audio.start();
            audioRunning.await();
            p.setResource(swap.resource(), swap.second());
            swapped.set(true);
            audio.join();
            if (audioError.get() != null) {
                throw new AssertionError("audio thread failed", audioError.get());
            }
            assertEquals(Map.of(swap.resource(), swap.second()), p.resources());
        }
        int blocks = outputs.size();
        float[][] input = new float[spec().channels()][blocks * SWAP_BLOCK];
        fillSwapSignal(input, input.length, 0);
        float[][] viaFirst = runFresh(swap, swap.first(), input);
        int first = -1;
        for (int n = 0; n < blocks && first < 0; n++) {
            if (!closeBlock(viaFirst, n * SWAP_BLOCK, outputs.get(n))) {
                first = n;
            }
        }
        assertTrue(first > BLOCKS_BEFORE_SWAP, "the second resource took over at block " + first + " of " + blocks
                + " (expected after the audio thread had run " + BLOCKS_BEFORE_SWAP + " blocks on the first)");
        // The first samples of a fade are almost all the first resource's, so the swap may have
        // begun a block or two before the first block that differs from it beyond the tolerance.
        int earliest = swapCrossfadeFrames() == 0 ? first : Math.max(BLOCKS_BEFORE_SWAP + 1, first - 2);
        AssertionError mismatch = null;
        for (int swapBlock = earliest; swapBlock <= first; swapBlock++) {
            try {
                assertSwapFrom(swap, order, input, viaFirst, outputs, swapBlock);
                return;
            } catch (AssertionError e) {
                mismatch = e;
            }
        }
        throw mismatch;
    }

    /**
     * From block {@code swapBlock} on, the second resource runs from silence, starting at that
     * block boundary, faded in over {@link #swapCrossfadeFrames()} against the first.
     */
    private void assertSwapFrom(ResourceSwap swap, Order order, float[][] input, float[][] viaFirst,
                                List<float[][]> outputs, int swapBlock) throws Exception {
        float[][] rest = new float[input.length][];
        for (int c = 0; c < input.length; c++) {
            rest[c] = Arrays.copyOfRange(input[c], swapBlock * SWAP_BLOCK, input[c].length);
        }
        float[][] viaSecond = runFresh(swap, swap.second(), rest);
        int fade = swapCrossfadeFrames();
        for (int n = swapBlock; n < outputs.size(); n++) {
            float[][] expected = new float[viaSecond.length][SWAP_BLOCK];
            for (int c = 0; c < viaSecond.length; c++) {
                for (int i = 0; i < SWAP_BLOCK; i++) {
                    int k = (n - swapBlock) * SWAP_BLOCK + i;
                    double g = fade == 0 ? 1 : Math.min(1, (k + 1) / (double) fade);
                    expected[c][i] = (float) (g * viaSecond[c][k] + (1 - g) * viaFirst[c][n * SWAP_BLOCK + i]);
                }
            }
            assertClose(expected, outputs.get(n), partitionTolerance(),
                    order + ": block " + n + " after the swap at block " + swapBlock);
        }
    }

    /** A fresh instance with {@code value} loaded, then prepared, over {@code input} in swap-test blocks. */
    private float[][] runFresh(ResourceSwap swap, String value, float[][] input) throws Exception {
        try (AudioPlugin p = factory().create()) {
            swap.parameters().forEach((id, v) -> p.parameters().get(id).set(v));
            p.setResource(swap.resource(), value);
            p.prepare(spec());
            return run(p, input, uniform(SWAP_BLOCK));
        }
    }

    private boolean closeBlock(float[][] whole, int from, float[][] block) {
        for (int c = 0; c < block.length; c++) {
            for (int i = 0; i < block[c].length; i++) {
                if (!(Math.abs(whole[c][from + i] - block[c][i]) <= partitionTolerance())) {
                    return false;
                }
            }
        }
        return true;
    }

    private void fillSwapSignal(float[][] dst, int channels, long start) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < dst[c].length; i++) {
                dst[c][i] = (float) (0.4 * Math.sin(2 * Math.PI * 330 * (start + i) / spec().sampleRate() + c));
            }
        }
    }

    // ---- helpers, also usable by subclasses ----------------------------------------------

    /** A fresh, configured, unprepared instance. */
    protected AudioPlugin newPlugin() throws Exception {
        AudioPlugin p = factory().create();
        configure(p);
        return p;
    }

    /** A fresh, configured, prepared instance. */
    protected AudioPlugin prepared() throws Exception {
        AudioPlugin p = newPlugin();
        p.prepare(spec());
        return p;
    }

    /** A deterministic test signal of the spec's input channels: see {@link #signal(int)}. */
    protected float[][] signal() {
        return signal(spec().channels());
    }

    /** A deterministic test signal: a 440 Hz sine plus noise, a different phase per channel. */
    protected float[][] signal(int channels) {
        Random rnd = new Random(7);
        float[][] s = new float[channels][SIGNAL_FRAMES];
        for (int c = 0; c < s.length; c++) {
            for (int i = 0; i < SIGNAL_FRAMES; i++) {
                double t = i / spec().sampleRate();
                s[c][i] = (float) (0.4 * Math.sin(2 * Math.PI * 440 * t + c)
                        + 0.1 * (rnd.nextDouble() * 2 - 1) + 0.05);
            }
        }
        return s;
    }

    /**
     * Processes a copy of {@code input} in place, in blocks of the given sizes (cycled), each
     * block a view at its offset into the whole buffer, and returns the output channels. The
     * buffer holds as many channels as the plugin's mapping says it gives for
     * {@code input.length} (or the input's, when more): {@code p} must be prepared for them.
     */
    protected static float[][] run(AudioPlugin p, float[][] input, int[] partition) {
        ChannelMapping mapping = p.channelMapping();
        int outputs = mapping.outputChannels(input.length).orElseThrow(() -> new AssertionError(
                "plugin '" + p.descriptor().id() + "' maps " + mapping + ": not " + input.length + " channels"));
        float[][] buf = copy(input);
        if (outputs > buf.length) {
            buf = Arrays.copyOf(buf, outputs);
            for (int c = input.length; c < outputs; c++) {
                buf[c] = new float[input[0].length];
            }
        }
        AudioBlock view = new AudioBlock();
        int frames = buf[0].length;
        int pos = 0;
        int k = 0;
        while (pos < frames) {
            int n = Math.min(partition[k++ % partition.length], frames - pos);
            p.process(view.set(buf, pos, n));
            pos += n;
        }
        return Arrays.copyOf(buf, outputs);
    }

    protected static int[] uniform(int blockSize) {
        return new int[] {blockSize};
    }

    protected static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    protected static void assertAllFinite(float[][] a, String what) {
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < a[c].length; i++) {
                if (!Float.isFinite(a[c][i])) {
                    fail(what + ": channel " + c + " frame " + i + " is " + a[c][i]);
                }
            }
        }
    }

    protected static void assertClose(float[][] expected, float[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": channel count");
        for (int c = 0; c < expected.length; c++) {
            if (tol == 0) {
                assertArrayEquals(expected[c], actual[c], what + ": channel " + c);
                continue;
            }
            for (int i = 0; i < expected[c].length; i++) {
                if (!(Math.abs(expected[c][i] - actual[c][i]) <= tol)) {
                    fail(what + ": channel " + c + " frame " + i + " expected " + expected[c][i]
                            + " found " + actual[c][i] + " (tolerance " + tol + ")");
                }
            }
        }
    }

    private void configureIfNoResources(AudioPlugin q, PluginState saved) throws Exception {
        if (saved.resources().isEmpty()) {
            configure(q);
        }
    }

    /**
     * The blocks that take up a resource swapped while audio plays, and the whole crossfade
     * after it, allocate nothing. Each attempt publishes the other value (on this thread,
     * outside the count), then counts the blocks of the swap; as in
     * {@link #processAllocatesNothingAfterWarmUp}, attempts repeat until one is clean (the JIT
     * compiles the fade's code in the background), for up to {@link #ALLOCATION_BUDGET_NANOS}.
     */
    @Test
    void resourceSwapWhileAudioPlaysAllocatesNothingInProcess() throws Exception {
        ResourceSwap swap = resourceSwap();
        assumeTrue(swap != null, "no resource to swap");
        com.sun.management.ThreadMXBean mx = allocationCounter();
        try (AudioPlugin p = factory().create()) {
            swap.parameters().forEach((id, v) -> p.parameters().get(id).set(v));
            p.setResource(swap.resource(), swap.first());
            p.prepare(spec());
            float[][] source = signal();
            int block = Math.min(256, spec().maxBlockSize());
            float[][] buffer = new float[spec().blockChannels()][block];
            AudioBlock view = new AudioBlock();
            pump(p, source, buffer, view, 10_000);
            int blocksPerSwap = swapCrossfadeFrames() / block + 2;
            long deadline = System.nanoTime() + ALLOCATION_BUDGET_NANOS;
            List<Long> seen = new ArrayList<>();
            do {
                p.setResource(swap.resource(), seen.size() % 2 == 0 ? swap.second() : swap.first());
                long before = mx.getCurrentThreadAllocatedBytes();
                pump(p, source, buffer, view, blocksPerSwap);
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                if (bytes == 0) {
                    return;
                }
                seen.add(bytes);
            } while (System.nanoTime() < deadline);
            fail("process() allocates while taking up a swapped resource: no clean swap in " + seen.size()
                    + " swaps; bytes in the last ones: " + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
        }
    }

    private static void pump(AudioPlugin p, float[][] source, float[][] buffer, AudioBlock view,
                             int blocks) {
        int n = buffer[0].length;
        int pos = 0;
        for (int b = 0; b < blocks; b++) {
            if (pos + n > source[0].length) {
                pos = 0;
            }
            for (int c = 0; c < source.length; c++) {
                System.arraycopy(source[c], pos, buffer[c], 0, n);
            }
            p.process(view.set(buffer, 0, n));
            pos += n;
        }
    }

    private static String describe(int[] partition) {
        return partition.length == 1 ? String.valueOf(partition[0]) : "random sizes";
    }
}
