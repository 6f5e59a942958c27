package dev.convstream.live;

import com.google.common.util.concurrent.Uninterruptibles;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.InternedLiterals;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.WarmUp;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs a prepared {@link LiveEngine} (its chain, meters and taps: the whole audio-thread path)
 * on a test signal on the calling thread, before any device is opened, then puts the chain back
 * to silence and clears the meters.
 *
 * <p>Why, beyond each plugin's own warm-up of its model or convolver: the audio thread runs the
 * chain as a whole (every plugin, the sample guard, the engine's copies and meters) at the
 * stream's block size, and code the JIT has not compiled yet is slow, and, for Vector API
 * kernels, allocates (the interpreter and C1 box every vector: seen as 12 KB per block for ~64
 * blocks, 1 s into a stream, with blocks 2.5 times over their deadline). Whatever kernel family
 * the plugins were given (scalar or Vector API) is the family this run compiles, since it runs
 * the very objects the audio thread will run.
 *
 * <p>The run goes on for at least {@link WarmUp#minSamples()} and until both the block time is
 * stable ({@link WarmUp#STABLE_BLOCKS} blocks in a row within twice the fastest, or as many groups
 * of 2, 4, ... blocks, for a plugin whose work comes every few blocks: {@link WarmUp}) and that many
 * blocks in a row allocated nothing on this thread; it stops at {@link WarmUp#maxNanos()}
 * whatever happens. The signal sweeps from -40 dB to +6 dB so saturating branches are taken
 * (a branch never taken is compiled as a trap that deoptimises on the first loud note).
 *
 * <p>For the same reason every parameter of every plugin moves during the run: every
 * {@link #RAMP_EVERY} blocks each one goes a quarter of its range away from where it was, and
 * back, so the plugins' ramps ({@code SmoothedValue}) run, are cut short and finish while the
 * JIT watches. A warm-up that never moved one left the ramping branch uncompiled, and the first
 * turn of a knob deoptimised and allocated (280 bytes on the audio thread). Afterwards each
 * parameter is set back to its value from before the run, and the chain's reset starts from it
 * without a ramp.
 *
 * <p>Before the first run, the string literals of every class of the chain's plugins' top-level
 * packages (all of convstream's) are interned and held for as long as this object lives
 * ({@link InternedLiterals}): no warm-up of bounded length makes the JIT's optimising compiler
 * ask for every method called once a block, and the thread whose call does ask creates the unused
 * literals (error messages) of the method's class, on the audio thread (the chain soak: 3 to 5
 * calls an hour, 88 to 896 bytes a call). Keep this object for as long as the stream runs.
 * Reading those class files takes ~0.1 s on a quiet 2-vCPU machine (0.1-0.3 s loaded), which
 * {@link #prefetchLiterals} moves off the start's critical path: started before the chain is
 * prepared (Java Sound: when the backend is opened, before the models load), the reading overlaps
 * the devices' opening, the loading and the plugins' own warm-up, which wait on the sound server
 * and the JIT's compiler threads rather than on this thread's work.
 */
public final class ChainWarmUp {

    /** One second at 48 kHz at least, ten seconds at most (a large model on a busy machine). */
    public static final WarmUp DEFAULT = new WarmUp(48_000, 10_000_000_000L);

    /**
     * Blocks between parameter moves: at 64 frames and 48 kHz about 21 ms, a little longer than
     * a 20 ms ramp, so ramps both finish and are retargeted mid-way (shorter blocks cut them).
     */
    static final int RAMP_EVERY = 16;

    private final WarmUp bounds;
    /** Interned by the first run (or the prefetch it waited for); held from then on. */
    private InternedLiterals literals;
    /** The interning {@link #prefetchLiterals} started; null when none is pending. */
    private FutureTask<InternedLiterals> pending;
    /** The top-level packages ("dev.convstream") whose literals are held or pending. */
    private final Set<String> covered = new HashSet<>();

    public ChainWarmUp(WarmUp bounds) {
        if (bounds == null) {
            throw new IllegalArgumentException("warm-up bounds must not be null");
        }
        this.bounds = bounds;
    }

    /** Whether a prefetch is started and no run has taken its literals yet. [main-thread] */
    boolean literalsPending() {
        return pending != null;
    }

    /** The literals the first run interned, held by this object; null before it. [main-thread] */
    InternedLiterals literals() {
        return literals;
    }

    /**
     * The string literals of every class under the top-level packages of convstream, of each of
     * {@code plugins} and of {@code more} (a backend's own library), interned: see the class
     * comment. Hold the result while the stream runs. [main-thread, before audio]
     */
    static InternedLiterals literalsOf(List<AudioPlugin> plugins, Class<?>... more) {
        List<Class<?>> anchors = new ArrayList<>(List.of(ChainWarmUp.class, PluginChain.class));
        plugins.forEach(p -> anchors.add(p.getClass()));
        anchors.addAll(List.of(more));
        return InternedLiterals.of(anchors);
    }

    /**
     * Starts interning the literals {@link #run} needs (see the class comment) on a background
     * thread, for the plugins of {@code chain} (a {@link PluginChain}, or one plugin); the first
     * run then waits for it instead of doing it. Does nothing once literals are held or pending.
     * [main-thread, before {@link #run}]
     */
    public void prefetchLiterals(AudioPlugin chain) {
        prefetch(pluginsOf(chain));
    }

    /**
     * {@link #prefetchLiterals(AudioPlugin)} before the chain exists (a host that starts its
     * devices while it loads the models): the literals of convstream's own packages; the first
     * run adds those of any plugin from another top-level package. [main-thread, before {@link #run}]
     */
    public void prefetchLiterals() {
        prefetch(List.of());
    }

    private void prefetch(List<AudioPlugin> plugins) {
        if (literals != null || pending != null) {
            return;
        }
        covered.addAll(topLevelPackages(plugins));
        FutureTask<InternedLiterals> task = new FutureTask<>(() -> literalsOf(plugins));
        Thread t = new Thread(task, "convstream-intern-literals");
        t.setDaemon(true);
        t.start();
        pending = task;
    }

    /** The top-level packages {@link #literalsOf} reads for {@code plugins}. */
    private static Set<String> topLevelPackages(List<AudioPlugin> plugins) {
        Set<String> out = new HashSet<>(List.of(topLevel(ChainWarmUp.class), topLevel(PluginChain.class)));
        plugins.forEach(p -> out.add(topLevel(p.getClass())));
        return out;
    }

    /** The first two names of the class's package, as {@link InternedLiterals#of} reads them. */
    private static String topLevel(Class<?> c) {
        String name = c.getName();
        int first = name.indexOf('.');
        int second = first < 0 ? -1 : name.indexOf('.', first + 1);
        return second < 0 ? name.substring(0, Math.max(first, 0)) : name.substring(0, second);
    }

    private static List<AudioPlugin> pluginsOf(AudioPlugin chain) {
        return chain instanceof PluginChain c ? c.plugins() : List.of(chain);
    }

    /** The prefetched literals, once the background thread has them; its failure rethrown as it was. */
    private static InternedLiterals await(FutureTask<InternedLiterals> task) {
        try {
            return Uninterruptibles.getUninterruptibly(task);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("interning the literals failed", e.getCause());
        }
    }

    /** What a run did, for the log and the tests. */
    public record Result(long blocks, long samples, long nanos, boolean settled) {
    }

    /**
     * Warms {@code engine} (prepared) with blocks of {@code blockSize} frames, then resets its
     * chain and clears its meters. [main-thread, before the device runs]
     *
     * @throws IllegalArgumentException when the engine is not prepared or the block exceeds its spec
     */
    public Result run(LiveEngine engine, int blockSize) {
        ProcessSpec spec = engine.spec();
        if (spec == null) {
            throw new IllegalArgumentException("the engine must be prepared before its warm-up");
        }
        if (blockSize < 1 || blockSize > spec.maxBlockSize()) {
            throw new IllegalArgumentException("warm-up block must be in [1, " + spec.maxBlockSize()
                    + "], found " + blockSize);
        }
        List<AudioPlugin> plugins = pluginsOf(engine.chain());
        if (literals == null) {
            literals = pending != null ? await(pending) : literalsOf(plugins);
            pending = null;
            covered.addAll(topLevelPackages(plugins));
        }
        List<Class<?>> uncovered = new ArrayList<>();
        for (AudioPlugin p : plugins) {
            if (covered.add(topLevel(p.getClass()))) {
                uncovered.add(p.getClass());
            }
        }
        if (!uncovered.isEmpty()) {
            literals = literals.and(InternedLiterals.of(uncovered));
        }
        float[][] in = new float[spec.channels()][blockSize];
        float[][] out = new float[engine.outputChannels()][blockSize];
        AllocationCounter allocations = AllocationCounter.forCurrentThread();
        Knobs knobs = new Knobs(plugins);
        WarmUp.Run run = bounds.start();
        long start = System.nanoTime();
        long samples = 0;
        long blocks = 0;
        int clean = 0;
        boolean settled = false;
        while (System.nanoTime() - start < bounds.maxNanos()) {
            double level = Math.pow(10, (-40 + (blocks % 24) * 2) / 20.0);
            for (int c = 0; c < in.length; c++) {
                for (int i = 0; i < blockSize; i++) {
                    long t = samples + i;
                    in[c][i] = (float) (level * (Math.sin((0.031 + 0.007 * c) * t) + 0.5 * Math.sin(0.173 * t)));
                }
            }
            if (blocks % RAMP_EVERY == 0) {
                knobs.move(blocks / RAMP_EVERY);
            }
            long before = allocations.bytes();
            long t0 = System.nanoTime();
            engine.process(in, 0, out, 0, blockSize);
            long took = System.nanoTime() - t0;
            clean = allocations.bytes() == before ? clean + 1 : 0;
            samples += blockSize;
            blocks++;
            run.ran(blockSize);
            run.timed(took);
            if (run.settled() && clean >= WarmUp.STABLE_BLOCKS) {
                settled = true;
                break;
            }
        }
        knobs.restore();
        engine.chain().reset();
        engine.clearMeters();
        return new Result(blocks, samples, System.nanoTime() - start, settled);
    }

    /** Every parameter of the chain, with the value it had before the warm-up. */
    private static final class Knobs {
        private final List<Parameter> parameters = new ArrayList<>();
        private final List<Double> before = new ArrayList<>();

        Knobs(List<AudioPlugin> plugins) {
            for (AudioPlugin p : plugins) {
                for (Parameter param : p.parameters().all()) {
                    parameters.add(param);
                    before.add(param.get());
                }
            }
        }

        /** Odd moves: a quarter of the range from the original position, inwards; even: back. */
        void move(long count) {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                double original = before.get(i);
                if (count % 2 == 0) {
                    p.set(original);
                } else {
                    double pos = p.spec().toNormalized(original);
                    p.setNormalized(pos < 0.5 ? pos + 0.25 : pos - 0.25);
                }
            }
        }

        void restore() {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).set(before.get(i));
            }
        }
    }

    /**
     * Bytes allocated by one thread (HotSpot's counter); counts nothing (always 0) on a JVM that
     * has none, where the warm-up then relies on timing alone.
     */
    private interface AllocationCounter {
        long bytes();

        static AllocationCounter forCurrentThread() {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                    && bean.isThreadAllocatedMemorySupported()) {
                bean.setThreadAllocatedMemoryEnabled(true);
                long id = Thread.currentThread().getId();
                return () -> bean.getThreadAllocatedBytes(id);
            }
            return () -> 0;
        }
    }
}
