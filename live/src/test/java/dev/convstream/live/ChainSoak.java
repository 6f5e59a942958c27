package dev.convstream.live;

import dev.convstream.audio.WavWriter;
import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostInjector;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ChannelMapping;
import dev.convstream.plugin.InternedLiterals;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSet;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ResourceHolder;
import dev.convstream.testing.NamDocuments;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The offline soak of the audio path: {@code nam -> convolver -> gain} streamed over a long
 * generated guitar signal (plucked strings, Karplus-Strong) in random blocks of 1 to 4096 frames
 * at 48 kHz, as fast as the machine goes, while a control thread changes parameters and swaps
 * models and impulse responses every few seconds of audio time. A second chain, built the same
 * way, replays the same input and the same changes at the same block boundaries in one thread
 * (following the first, so both run at once) and the two outputs are compared. Not a unit test:
 * run by {@code live/src/test/scripts/soak-chain.sh} (see RELIABILITY.md, "Soak").
 *
 * <pre>
 * ChainSoak [--minutes 60] [--seed 1] [--models A.nam,B.nam,...]
 * </pre>
 * Without {@code --models}: NAM's A1 standard WaveNet, its small example WaveNet and its example LSTM from
 * {@code shared/nam} ({@link NamDocuments#sharedNamDir()}), or two generated WaveNets when that
 * folder is absent. Three cabinet-like responses are generated as WAV files.
 *
 * <p>How the changes reach the audio thread, and how the block each one took effect at is known
 * exactly (the replay must apply it at that very block):
 * <ul>
 *   <li>A parameter change is chosen on the control thread and handed to the audio thread
 *       through a one-slot lock-free mailbox, which the audio thread empties between blocks
 *       (a host's parameter event queue); it records the block it set the value before.</li>
 *   <li>A swap is made on the control thread with {@code setResource} (load, build, warm up,
 *       publish) while audio runs: the race this soak is after. The plugin takes it up at a
 *       block boundary of its own choosing (later when a fade is running); the audio thread
 *       sees it by the identity of the plugin's prepared resource ({@link ResourceHolder#peek()},
 *       read through reflection: plugins do not expose their holders) after each block, and
 *       records that block. One swap per plugin is in flight at a time, so none is superseded.</li>
 * </ul>
 *
 * <p>Checks: the two outputs are equal (the same block partition on both sides, so they are
 * expected bit-identical; the tolerance 1e-6 is the FFT convolver's block-partition rounding);
 * no plugin's output holds a NaN or an infinity (a probe around each plugin, since the chain
 * itself replaces non-finite samples with 0); no {@code process} call on the audio thread
 * allocates after warm-up (ThreadMXBean, per call); the heap used after a full GC, sampled every
 * minute of audio, does not grow; every swap is click-free: the largest sample-to-sample step
 * in the 50 ms fade is at most {@value #CLICK_FACTOR}x the largest step within one second
 * either side of it (the bound and reason of plugin-api's {@code SwapScenario}). Exit status 0
 * when every check holds, 1 otherwise, 2 on bad usage.
 */
public final class ChainSoak {

    static final int RATE = 48_000;
    static final int MAX_BLOCK = 4096;
    static final double TOLERANCE = 1e-6;
    static final double CLICK_FACTOR = 2.0;
    /** Parameter changes that may be drawn: plugin index, parameter id, low, high (equal: a switch). */
    private static final List<ParamRange> PARAMS = List.of(
            new ParamRange(0, "input_gain", -12, 6), new ParamRange(0, "output_gain", -12, 0),
            new ParamRange(0, "normalize", 0, 0), new ParamRange(1, "mix", 0, 1),
            new ParamRange(1, "ir_gain", -12, 6), new ParamRange(1, "normalize", 0, 0),
            new ParamRange(2, "db", -24, 0));
    private static final int NAM = 0;
    private static final int CONVOLVER = 1;

    private record ParamRange(int plugin, String id, double low, double high) {
    }

    /** One change: a parameter value, or a resource swap ({@code path} not null). */
    private record Change(int id, int plugin, String param, double value, Parameter online, String resource,
                          String path, long requestedAtFrame) {
        boolean swap() {
            return path != null;
        }

        String describe() {
            return swap() ? "plugin " + plugin + " " + resource + "=" + Path.of(path).getFileName()
                    : "plugin " + plugin + " " + param + "=" + String.format(Locale.ROOT, "%.3f", value);
        }
    }

    private final int[] blocks;
    private final long[] blockStart;
    private final float[] input;
    private final float[] output;
    private final List<String> models;
    private final List<String> responses;
    private final long seed;

    // Written by the audio thread, read by the control and replay threads.
    private volatile int blocksDone;
    private volatile long framesDone;
    private final int[] eventBlock = new int[1 << 16];
    private final int[] eventChange = new int[1 << 16];
    private volatile int eventCount;
    private volatile boolean audioFinished;
    private final AtomicReference<Change> mailbox = new AtomicReference<>();
    /** Per plugin, the id of the swap published and not yet taken up, else -1. */
    private final AtomicIntegerArray pendingSwap = new AtomicIntegerArray(new int[] {-1, -1});
    private final Change[] changes = new Change[1 << 16];

    // Audio-thread results.
    private long allocatingCallbacks;
    private long allocatedBytes;
    private int firstAllocatingBlock = -1;
    /** The first allocating calls: block, bytes. */
    private final long[][] allocations = new long[32][2];
    private long maxCallbackNanos;

    // Replay results.
    private double maxDifference;
    private long samplesOverTolerance;
    private int firstMismatchBlock = -1;
    private volatile int replayDone;

    // Control-thread results.
    private final List<long[]> heapSamples = new ArrayList<>();
    private int parameterChanges;
    private int swaps;
    private volatile Throwable failure;

    private ChainSoak(double minutes, long seed, List<String> models, List<String> responses) {
        this.seed = seed;
        this.models = models;
        this.responses = responses;
        long total = Math.round(minutes * 60 * RATE);
        Random r = new Random(seed);
        List<Integer> sizes = new ArrayList<>();
        long sum = 0;
        while (sum < total) {
            int n = (int) Math.min(1 + r.nextInt(MAX_BLOCK), total - sum);
            sizes.add(n);
            sum += n;
        }
        blocks = sizes.stream().mapToInt(Integer::intValue).toArray();
        blockStart = new long[blocks.length + 1];
        for (int b = 0; b < blocks.length; b++) {
            blockStart[b + 1] = blockStart[b] + blocks[b];
        }
        input = new float[Math.toIntExact(total)];
        output = new float[input.length];
        PluckedStrings.fill(input, RATE, seed);
    }

    public static void main(String[] args) throws Exception {
        double minutes = 60;
        long seed = 1;
        List<String> models = null;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                usage("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--models" -> models = List.of(args[++i].split(","));
                default -> usage("unknown option " + args[i]);
            }
        }
        if (!(minutes > 0)) {
            usage("--minutes must be > 0");
        }
        Path dir = Files.createTempDirectory("convstream-chain-soak");
        if (models == null) {
            models = defaultModels(dir);
        }
        if (models.size() < 2) {
            usage("--models needs at least two files, to swap between");
        }
        List<String> responses = List.of(
                cabinet(dir.resolve("cab-a.wav"), 0.2, 0.30, 11),
                cabinet(dir.resolve("cab-b.wav"), 0.1, 0.15, 12),
                cabinet(dir.resolve("cab-c.wav"), 0.3, 0.50, 13));
        System.out.println("soak: models " + models);
        System.out.println("soak: responses " + responses);
        boolean pass = new ChainSoak(minutes, seed, models, responses).run();
        System.exit(pass ? 0 : 1);
    }

    private boolean run() throws Exception {
        System.out.printf(Locale.ROOT, "soak: %.1f min of audio at %d Hz, %d blocks of 1..%d frames, seed %d%n",
                input.length / (60.0 * RATE), RATE, blocks.length, MAX_BLOCK, seed);
        String description = "nam(model=" + models.get(0) + ", output_gain=-6) -> convolver(ir=" + responses.get(0)
                + ") -> gain(db=-6)";
        ChainBuilder builder = HostInjector.create().getInstance(ChainBuilder.class);
        ProbedChain online = new ProbedChain(builder.build(description));
        ProbedChain replay = new ProbedChain(builder.build(description));
        long t0 = System.nanoTime();
        online.warmUp(models, responses, seed);
        replay.warmUp(models, responses, seed);
        System.out.printf(Locale.ROOT, "soak: both chains prepared and warmed up in %.1f s (%d string literals of %d "
                + "classes interned first)%n", (System.nanoTime() - t0) / 1e9, online.literals.size(),
                online.literals.classes());
        long start = System.nanoTime();
        Thread audio = new Thread(() -> guard(() -> audio(online)), "soak-audio");
        audio.setPriority(Thread.MAX_PRIORITY);
        Thread control = new Thread(() -> guard(() -> control(online)), "soak-control");
        Thread follower = new Thread(() -> guard(() -> replay(replay)), "soak-replay");
        audio.start();
        control.start();
        follower.start();
        audio.join();
        control.join();
        follower.join();
        double wall = (System.nanoTime() - start) / 1e9;
        online.chain.close();
        replay.chain.close();
        if (failure != null) {
            System.out.println("soak: FAIL, a thread failed:");
            failure.printStackTrace(System.out);
            return false;
        }
        return summary(online, replay, wall);
    }

    // ---------------------------------------------------------------- audio thread

    private void audio(ProbedChain chain) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        bean.setThreadAllocatedMemoryEnabled(true);
        float[] work = new float[MAX_BLOCK];
        float[][] channels = {work};
        AudioBlock view = new AudioBlock();
        Object[] current = {chain.holders[NAM].peek(), chain.holders[CONVOLVER].peek()};
        for (int b = 0; b < blocks.length; b++) {
            int frames = blocks[b];
            int at = (int) blockStart[b];
            Change c = mailbox.getAndSet(null);
            if (c != null) {
                c.online().set(c.value());
                record(b, c.id());
            }
            System.arraycopy(input, at, work, 0, frames);
            view.set(channels, 0, frames);
            long t = System.nanoTime();
            long a0 = bean.getCurrentThreadAllocatedBytes();
            chain.chain.process(view);
            long a1 = bean.getCurrentThreadAllocatedBytes();
            maxCallbackNanos = Math.max(maxCallbackNanos, System.nanoTime() - t);
            if (a1 != a0) {
                allocatingCallbacks++;
                allocatedBytes += a1 - a0;
                if (firstAllocatingBlock < 0) {
                    firstAllocatingBlock = b;
                }
                if (allocatingCallbacks <= allocations.length) {
                    allocations[(int) allocatingCallbacks - 1][0] = b;
                    allocations[(int) allocatingCallbacks - 1][1] = a1 - a0;
                }
            }
            for (int p = NAM; p <= CONVOLVER; p++) {
                Object now = chain.holders[p].peek();
                if (now != current[p]) {
                    current[p] = now;
                    record(b, pendingSwap.getAndSet(p, -1));
                }
            }
            System.arraycopy(work, 0, output, at, frames);
            framesDone = at + frames;
            blocksDone = b + 1;
        }
        audioFinished = true;
    }

    /** [audio-thread] The change took effect at block {@code b}; published before {@link #blocksDone}. */
    private void record(int b, int changeId) {
        int n = eventCount;
        eventBlock[n] = b;
        eventChange[n] = changeId;
        eventCount = n + 1;
    }

    // ---------------------------------------------------------------- control thread

    private void control(ProbedChain chain) throws IOException {
        Random r = new Random(seed * 31 + 7);
        long nextChange = RATE * 2L;
        long nextHeap = 0;
        int id = 0;
        long total = input.length;
        while (!audioFinished) {
            long now = framesDone;
            if (now >= nextHeap) {
                System.gc();
                heapSamples.add(new long[] {now, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()});
                nextHeap += 60L * RATE;
                continue;
            }
            if (now < nextChange || nextChange >= total) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            nextChange += (long) ((2 + 4 * r.nextDouble()) * RATE);
            double kind = r.nextDouble();
            int plugin = kind < 0.15 ? NAM : kind < 0.30 ? CONVOLVER : -1;
            if (plugin >= 0 && pendingSwap.get(plugin) < 0) {
                List<String> pool = plugin == NAM ? models : responses;
                String resource = plugin == NAM ? "model" : "ir";
                String path = pool.get(r.nextInt(pool.size()));
                Change c = new Change(id, plugin, null, 0, null, resource, path, now);
                changes[id] = c;
                pendingSwap.set(plugin, id);
                chain.plugin(plugin).setResource(resource, path);
                swaps++;
                id++;
            } else if (mailbox.get() == null) {
                ParamRange p = PARAMS.get(r.nextInt(PARAMS.size()));
                double v = p.low() == p.high() ? r.nextInt(2) : p.low() + (p.high() - p.low()) * r.nextDouble();
                Parameter param = chain.plugin(p.plugin()).parameters().get(p.id());
                Change c = new Change(id, p.plugin(), p.id(), v, param, null, null, now);
                changes[id] = c;
                mailbox.set(c);
                parameterChanges++;
                id++;
            }
        }
        System.gc();
        heapSamples.add(new long[] {framesDone, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()});
    }

    // ---------------------------------------------------------------- replay thread

    private void replay(ProbedChain chain) throws IOException {
        float[] work = new float[MAX_BLOCK];
        float[][] channels = {work};
        AudioBlock view = new AudioBlock();
        int nextEvent = 0;
        for (int b = 0; b < blocks.length; b++) {
            while (blocksDone <= b) {
                if (failure != null) {
                    return;
                }
                LockSupport.parkNanos(500_000);
            }
            int count = eventCount;
            while (nextEvent < count && eventBlock[nextEvent] <= b) {
                if (eventBlock[nextEvent] != b) {
                    throw new IllegalStateException("event " + nextEvent + " at block " + eventBlock[nextEvent]
                            + " was not replayed at it (now at block " + b + ")");
                }
                Change c = changes[eventChange[nextEvent]];
                AudioPlugin p = chain.plugin(c.plugin());
                if (c.swap()) {
                    p.setResource(c.resource(), c.path());
                } else {
                    p.parameters().get(c.param()).set(c.value());
                }
                nextEvent++;
            }
            int frames = blocks[b];
            int at = (int) blockStart[b];
            System.arraycopy(input, at, work, 0, frames);
            view.set(channels, 0, frames);
            chain.chain.process(view);
            for (int i = 0; i < frames; i++) {
                double d = Math.abs(work[i] - output[at + i]);
                if (!(d <= TOLERANCE)) {
                    samplesOverTolerance++;
                    if (firstMismatchBlock < 0) {
                        firstMismatchBlock = b;
                    }
                }
                if (d > maxDifference || Double.isNaN(d)) {
                    maxDifference = Double.isNaN(d) ? Double.NaN : d;
                }
            }
            replayDone = b + 1;
        }
    }

    // ---------------------------------------------------------------- summary

    private boolean summary(ProbedChain online, ProbedChain replay, double wall) {
        int n = eventCount;
        int swapEvents = 0;
        int fade = ResourceHolder.crossfadeFrames(RATE);
        double worstRatio = 0;
        double worstStep = 0;
        int clicks = 0;
        boolean[] inSwap = new boolean[output.length];
        List<Long> swapStarts = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            if (changes[eventChange[e]].swap()) {
                long s = blockStart[eventBlock[e]];
                swapStarts.add(s);
                for (long k = s; k < Math.min(output.length, s + fade); k++) {
                    inSwap[(int) k] = true;
                }
            }
        }
        StringBuilder worst = new StringBuilder();
        for (long s : swapStarts) {
            swapEvents++;
            double inFade = maxStep(s, s + fade, null);
            double around = Math.max(maxStep(s - RATE, s, inSwap), maxStep(s + fade, s + fade + RATE, inSwap));
            double ratio = inFade / Math.max(around, 1e-9);
            if (ratio > CLICK_FACTOR) {
                clicks++;
            }
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worstStep = inFade;
                worst.setLength(0);
                worst.append(String.format(Locale.ROOT, "at %.3f s: step %.4g, around %.4g", s / (double) RATE,
                        inFade, around));
            }
        }
        double maxSwapStep = 0;
        double maxOtherStep = 0;
        for (int k = 1; k < output.length; k++) {
            double d = Math.abs(output[k] - output[k - 1]);
            if (inSwap[k]) {
                maxSwapStep = Math.max(maxSwapStep, d);
            } else {
                maxOtherStep = Math.max(maxOtherStep, d);
            }
        }
        long heapFirst = heapSamples.get(0)[1];
        long heapLast = heapSamples.get(heapSamples.size() - 1)[1];
        long heapMax = heapSamples.stream().mapToLong(h -> h[1]).max().orElse(0);
        long heapMin = heapSamples.stream().mapToLong(h -> h[1]).min().orElse(0);
        long nonFinite = online.nonFinite() + replay.nonFinite();
        double peak = 0;
        for (float v : output) {
            peak = Math.max(peak, Math.abs(v));
        }
        boolean equal = samplesOverTolerance == 0 && replayDone == blocks.length;
        boolean heapFlat = heapLast - heapFirst < 16L << 20 && heapMax - heapMin < 64L << 20;
        System.out.printf(Locale.ROOT, "soak: %.1f min of audio (%d samples, %d blocks) in %.1f s wall (%.1fx real time)%n",
                output.length / (60.0 * RATE), output.length, blocks.length, wall, output.length / (double) RATE / wall);
        System.out.printf(Locale.ROOT, "soak: changes: %d parameter changes, %d swaps requested, %d taken up "
                + "(models and responses swapped on the control thread while audio ran)%n",
                parameterChanges, swaps, swapEvents);
        System.out.printf(Locale.ROOT, "soak: output peak %.3f; largest callback %.2f ms%n", peak, maxCallbackNanos / 1e6);
        System.out.printf(Locale.ROOT, "soak: equal output: %s: max |online - replay| %.3g over %d samples, %d over "
                        + "%.0e%s%n", equal ? "yes" : "NO", maxDifference, output.length, samplesOverTolerance, TOLERANCE,
                firstMismatchBlock < 0 ? "" : " (first at block " + firstMismatchBlock + ")");
        System.out.printf(Locale.ROOT, "soak: NaN/Inf: %d non-finite samples out of any plugin (online %s, replay %s)%n",
                nonFinite, online.describeNonFinite(), replay.describeNonFinite());
        System.out.printf(Locale.ROOT, "soak: audio-thread allocation: %d of %d process calls allocated (%d bytes)%s%n",
                allocatingCallbacks, blocks.length, allocatedBytes,
                firstAllocatingBlock < 0 ? "" : ", first at block " + firstAllocatingBlock);
        for (int i = 0; i < Math.min(allocatingCallbacks, allocations.length); i++) {
            int b = (int) allocations[i][0];
            System.out.printf(Locale.ROOT, "soak:   block %d (%d frames, at %.3f s) allocated %d bytes; changes within 2 "
                    + "blocks: %s%n", b, blocks[b], blockStart[b] / (double) RATE, allocations[i][1], changesNear(b, 2));
        }
        StringBuilder heap = new StringBuilder();
        for (long[] h : heapSamples) {
            heap.append(String.format(Locale.ROOT, " %.0f:%.1f", h[0] / (60.0 * RATE), h[1] / 1048576.0));
        }
        System.out.printf(Locale.ROOT, "soak: heap used after GC (MiB): first %.1f, last %.1f, min %.1f, max %.1f over %d "
                        + "samples (minute:MiB%s)%n", heapFirst / 1048576.0, heapLast / 1048576.0, heapMin / 1048576.0,
                heapMax / 1048576.0, heapSamples.size(), heap);
        System.out.printf(Locale.ROOT, "soak: swaps click-free: %d of %d over %.0fx the largest step within 1 s around; "
                        + "worst %.2fx (%s); largest step in any fade %.4g, elsewhere %.4g (%.2fx)%n",
                clicks, swapEvents, CLICK_FACTOR, worstRatio, worst, maxSwapStep, maxOtherStep,
                maxSwapStep / Math.max(maxOtherStep, 1e-9));
        boolean pass = equal && nonFinite == 0 && allocatingCallbacks == 0 && heapFlat && clicks == 0;
        System.out.println("soak: " + (pass ? "PASS" : "FAIL") + " (equal output " + equal + ", no NaN/Inf "
                + (nonFinite == 0) + ", zero allocation " + (allocatingCallbacks == 0) + ", flat heap " + heapFlat
                + ", click-free swaps " + (clicks == 0) + ")");
        return pass;
    }

    /** The changes that took effect within {@code radius} blocks of block {@code b}. */
    private String changesNear(int b, int radius) {
        StringBuilder s = new StringBuilder();
        for (int e = 0, n = eventCount; e < n; e++) {
            if (Math.abs(eventBlock[e] - b) <= radius) {
                s.append(s.length() == 0 ? "" : "; ").append("block ").append(eventBlock[e]).append(' ')
                        .append(changes[eventChange[e]].describe());
            }
        }
        return s.length() == 0 ? "none" : s.toString();
    }

    /** Largest |y[k] - y[k-1]| for k in [from, to), skipping {@code skip}ped samples. */
    private double maxStep(long from, long to, boolean[] skip) {
        double m = 0;
        for (long k = Math.max(1, from); k < Math.min(output.length, to); k++) {
            if (skip == null || !skip[(int) k]) {
                m = Math.max(m, Math.abs(output[(int) k] - output[(int) k - 1]));
            }
        }
        return m;
    }

    private void guard(ThrowingRunnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            failure = t;
            audioFinished = true;
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------- set-up

    private static List<String> defaultModels(Path dir) throws IOException {
        var shared = NamDocuments.sharedNamDir();
        if (shared.isPresent()) {
            List<String> found = new ArrayList<>();
            for (String name : List.of("wavenet_a1_standard.nam", "wavenet.nam", "lstm.nam")) {
                Path p = shared.get().resolve(name);
                if (Files.isRegularFile(p)) {
                    found.add(p.toString());
                }
            }
            if (found.size() >= 2) {
                return found;
            }
        }
        System.out.println("soak: shared/nam not found: two generated WaveNets");
        return List.of(NamDocuments.write(dir.resolve("generated-a.nam"), 1, RATE, -12.0).toString(),
                NamDocuments.write(dir.resolve("generated-b.nam"), 2, RATE, -20.0).toString());
    }

    /** A cabinet-like response: decaying, low-passed noise ({@code lowPass}: one-pole coefficient). */
    private static String cabinet(Path path, double seconds, double lowPass, long seed) throws IOException {
        int n = (int) (seconds * RATE);
        float[] ir = new float[n];
        Random r = new Random(seed);
        double lp = 0;
        double tau = seconds / 10 * RATE;
        for (int i = 0; i < n; i++) {
            lp += lowPass * ((r.nextDouble() - 0.5) - lp);
            ir[i] = (float) (lp * Math.exp(-i / tau));
        }
        WavWriter.write(path, new float[][] {ir}, RATE, WavWriter.Format.FLOAT_32);
        return path.toString();
    }

    private static void usage(String problem) {
        System.err.println("soak: " + problem + "\nusage: ChainSoak [--minutes 60] [--seed 1] [--models A.nam,B.nam,...]");
        System.exit(2);
    }

    /**
     * The chain of one side with a probe after each plugin counting non-finite samples in its
     * output (the chain's own guard would hide them), and each plugin's resource holder.
     */
    private static final class ProbedChain {
        final PluginChain chain;
        final List<AudioPlugin> plugins;
        final Probe[] probes;
        final ResourceHolder<?, ?>[] holders = new ResourceHolder<?, ?>[2];
        /** Held while the chain runs: see {@link #warmUp}. */
        private InternedLiterals literals;

        ProbedChain(PluginChain built) throws ReflectiveOperationException {
            plugins = built.plugins();
            probes = plugins.stream().map(Probe::new).toArray(Probe[]::new);
            chain = new PluginChain(List.of(probes));
            holders[NAM] = holderOf(plugins.get(NAM));
            holders[CONVOLVER] = holderOf(plugins.get(CONVOLVER));
        }

        AudioPlugin plugin(int index) {
            return plugins.get(index);
        }

        /**
         * Prepares, then runs 20 s of the soak's kind of signal in random blocks with every
         * model and response swapped in once (so the fades' code is compiled too) and a random
         * parameter change every 7 blocks (so the ramps' code is compiled too), then goes
         * back to the first model and response, the parameters' defaults and silence: both sides
         * do exactly this, so they start the soak in the same state. First, as
         * {@link ChainWarmUp} does, the string literals of every convstream class and of the
         * allocation meter are interned and held ({@link InternedLiterals}): C2's first request
         * for a method called once a block (thousands of calls: minutes into the soak) would
         * otherwise create its class's unused literals on the audio thread.
         */
        void warmUp(List<String> models, List<String> responses, long seed) throws IOException {
            Class<?> meter = ManagementFactory.getThreadMXBean().getClass();
            List<Class<?>> anchors = new ArrayList<>(List.of(PluginChain.class, ChainSoak.class));
            plugins.forEach(p -> anchors.add(p.getClass()));
            literals = InternedLiterals.of(anchors).and(InternedLiterals.ofClasses(List.of(meter, meter.getSuperclass())));
            chain.prepare(new ProcessSpec(RATE, MAX_BLOCK, 1));
            float[] signal = new float[20 * RATE];
            PluckedStrings.fill(signal, RATE, seed + 1);
            float[] work = new float[MAX_BLOCK];
            AudioBlock view = new AudioBlock();
            Random r = new Random(seed + 2);
            int swapsLeft = models.size() + responses.size();
            for (int at = 0, b = 0; at < signal.length; b++) {
                int n = Math.min(1 + r.nextInt(MAX_BLOCK), signal.length - at);
                if (b % 20 == 10 && swapsLeft > 0) {
                    swapsLeft--;
                    if (swapsLeft >= responses.size()) {
                        plugin(NAM).setResource("model", models.get(swapsLeft - responses.size()));
                    } else {
                        plugin(CONVOLVER).setResource("ir", responses.get(swapsLeft));
                    }
                }
                if (b % 7 == 3) {
                    ParamRange p = PARAMS.get(r.nextInt(PARAMS.size()));
                    plugin(p.plugin()).parameters().get(p.id()).set(p.low() == p.high() ? r.nextInt(2)
                            : p.low() + (p.high() - p.low()) * r.nextDouble());
                }
                System.arraycopy(signal, at, work, 0, n);
                chain.process(view.set(new float[][] {work}, 0, n));
                at += n;
            }
            plugin(NAM).setResource("model", models.get(0));
            plugin(CONVOLVER).setResource("ir", responses.get(0));
            for (AudioPlugin p : plugins) {
                for (Parameter param : p.parameters().all()) {
                    param.setDefault();
                }
            }
            plugin(NAM).parameters().get("output_gain").set(-6);
            plugin(2).parameters().get("db").set(-6);
            chain.reset();
            for (Probe p : probes) {
                p.nonFinite = 0;
            }
        }

        long nonFinite() {
            long n = 0;
            for (Probe p : probes) {
                n += p.nonFinite;
            }
            return n;
        }

        String describeNonFinite() {
            StringBuilder s = new StringBuilder();
            for (Probe p : probes) {
                s.append(s.length() == 0 ? "" : ", ").append(p.descriptor().id()).append(' ').append(p.nonFinite);
            }
            return s.toString();
        }

        private static ResourceHolder<?, ?> holderOf(AudioPlugin plugin) throws ReflectiveOperationException {
            for (Class<?> c = plugin.getClass(); c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getType() == ResourceHolder.class) {
                        f.setAccessible(true);
                        return (ResourceHolder<?, ?>) f.get(plugin);
                    }
                }
            }
            throw new IllegalArgumentException("plugin '" + plugin.descriptor().id() + "' holds no resource");
        }
    }

    /** Runs one plugin and counts the non-finite samples it outputs. [audio-thread: process] */
    private static final class Probe implements AudioPlugin {
        private final AudioPlugin plugin;
        private int outputChannels;
        long nonFinite;

        Probe(AudioPlugin plugin) {
            this.plugin = plugin;
        }

        @Override
        public PluginDescriptor descriptor() {
            return plugin.descriptor();
        }

        @Override
        public ParameterSet parameters() {
            return plugin.parameters();
        }

        @Override
        public ChannelMapping channelMapping() {
            return plugin.channelMapping();
        }

        @Override
        public void prepare(ProcessSpec spec) {
            outputChannels = spec.outputChannels();
            plugin.prepare(spec);
        }

        @Override
        public void process(AudioBlock block) {
            plugin.process(block);
            int off = block.offset();
            for (int c = 0; c < outputChannels; c++) {
                float[] x = block.channel(c);
                for (int i = off, end = off + block.frames(); i < end; i++) {
                    if (!Float.isFinite(x[i])) {
                        nonFinite++;
                    }
                }
            }
        }

        @Override
        public void reset() {
            plugin.reset();
        }

        @Override
        public int latencySamples() {
            return plugin.latencySamples();
        }

        @Override
        public Map<String, String> resources() {
            return plugin.resources();
        }

        @Override
        public void setResource(String id, String value) throws IOException {
            plugin.setResource(id, value);
        }

        @Override
        public void close() {
            plugin.close();
        }
    }
}
