package dev.convstream.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * Plugins run one after another on the same block: itself an {@link AudioPlugin} (JUCE's
 * {@code ProcessorChain}), so a host treats a chain and a single plugin alike. Latency is the
 * sum of the plugins' latencies. An empty chain passes audio through unchanged (except that
 * non-finite samples become 0, as for any plugin).
 *
 * <p>Channels: each plugin gets the channel count the one before it gives ({@link ChannelPlan});
 * the chain maps what its plugins map one after another ({@link ChannelMapping#then}). A
 * plugin that widens the stream (mono through a stereo impulse response) writes into the
 * block's extra arrays; when a point between two plugins holds more channels than the chain's
 * input and output (widened, then narrowed again), the chain runs the block through buffers of
 * its own, allocated in {@link #prepare}.
 * <p>Each position can be bypassed while audio runs ({@link #setBypassed}): a 20 ms crossfade
 * to the plugin's input delayed by the plugin's latency, so the chain's latency does not change
 * and the switch does not click; a bypassed plugin is not called (see {@link BypassSwitch}).
 *
 * <p>The chain owns its plugins: {@link #close()} closes them all.
 */
public final class PluginChain implements AudioPlugin {

    /** Descriptor id of every chain. */
    public static final String ID = "chain";

    private final List<AudioPlugin> plugins;
    private final PluginDescriptor descriptor;
    private final BypassSwitch[] bypass;

    // Audio-thread routing, allocated in prepare.
    private ProcessSpec prepared;
    /** Per plugin, the channel arrays of its blocks, filled from {@link #table} each block. */
    private float[][][] stageChannels = new float[0][][];
    /** The arrays the stream is in during a block: the host's, or {@link #work}. */
    private float[][] table = new float[0][];
    /** The chain's own buffers when a point inside is wider than the host's blocks; else null. */
    private float[][] work;
    private final AudioBlock view = new AudioBlock();
    /** Per plugin, how long its last {@link #prepare} took (its warm-up included), for a host's start report. */
    private volatile long[] prepareNanos;

    /** A chain running {@code plugins} in order. [main-thread] */
    public PluginChain(List<? extends AudioPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        this.descriptor = PluginDescriptor.of(ID, "Chain of " + this.plugins.size() + " plugins", "1");
        this.bypass = new BypassSwitch[this.plugins.size()];
        for (int i = 0; i < bypass.length; i++) {
            bypass[i] = new BypassSwitch();
        }
        this.prepareNanos = new long[this.plugins.size()];
    }

    /** The plugins, in processing order. [thread-safe] */
    public List<AudioPlugin> plugins() {
        return plugins;
    }

    /** The plugin at {@code index}. [thread-safe] */
    public AudioPlugin get(int index) {
        return plugins.get(index);
    }

    /** Number of plugins. [thread-safe] */
    public int size() {
        return plugins.size();
    }

    /**
     * Bypasses the plugin at {@code index} ({@code true}) or brings it back; takes effect at the
     * next block, with a crossfade. Lock-free. [thread-safe]
     *
     * @throws IndexOutOfBoundsException when there is no plugin at {@code index}
     */
    public void setBypassed(int index, boolean bypassed) {
        bypass[index].setBypassed(bypassed);
    }

    /** Whether the plugin at {@code index} is (being) bypassed. [thread-safe] */
    public boolean isBypassed(int index) {
        return bypass[index].isBypassed();
    }

    /** [thread-safe] */
    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /** None: each plugin's parameters are reached through {@link #get(int)}. [thread-safe] */
    @Override
    public ParameterSet parameters() {
        return ParameterSet.empty();
    }

    /**
     * What the plugins map one after another; per channel for an empty chain. [main-thread]
     */
    @Override
    public ChannelMapping channelMapping() {
        ChannelMapping m = ChannelMapping.perChannel();
        for (AudioPlugin p : plugins) {
            m = m.then(p.channelMapping());
        }
        return m;
    }

    /**
     * The channel counts of this chain for {@code inputChannels}; see {@link ChannelPlan#of}.
     * [main-thread]
     *
     * @throws IllegalArgumentException naming the plugin that cannot take the channels it would get
     */
    public ChannelPlan channelPlan(int inputChannels) {
        return ChannelPlan.of(plugins, inputChannels);
    }

    /**
     * Prepares every plugin with its stage's spec ({@link #channelPlan}) and allocates the
     * routing. [main-thread, audio stopped]
     *
     * @throws IllegalArgumentException naming the plugin that cannot take its channels, when the
     *                                  chain does not map {@code spec.channels()} to
     *                                  {@code spec.outputChannels()}, or what a plugin throws
     */
    @Override
    public void prepare(ProcessSpec spec) {
        ChannelPlan plan = channelPlan(spec.channels());
        if (plan.outputChannels() != spec.outputChannels()) {
            throw new IllegalArgumentException("the chain gives " + plan.outputChannels() + " channel(s) from "
                    + spec.channels() + " (" + plan.describe() + "), not " + spec.outputChannels()
                    + ": prepare it with ChannelPlan.spec");
        }
        float[][][] stages = new float[plugins.size()][][];
        long[] times = new long[plugins.size()];
        for (int i = 0; i < plugins.size(); i++) {
            ChannelPlan.Stage stage = plan.stages().get(i);
            ProcessSpec stageSpec = spec.withChannels(stage.inputChannels(), stage.outputChannels());
            AudioPlugin p = plugins.get(i);
            long start = System.nanoTime();
            p.prepare(stageSpec);
            times[i] = System.nanoTime() - start;
            bypass[i].prepare(stageSpec, p.latencySamples());
            stages[i] = new float[stage.blockChannels()][];
        }
        stageChannels = stages;
        work = plan.widest() > spec.blockChannels() ? new float[plan.widest()][spec.maxBlockSize()] : null;
        table = new float[plan.widest()][];
        prepared = spec;
        prepareNanos = times;
    }

    /**
     * How long the plugin at {@code index} took in the last {@link #prepare} that completed (its
     * own warm-up included: a NAM model's or a convolver's), in nanoseconds; 0 before the first.
     * What a host reports when it explains a slow start ({@code live --verbose}). [thread-safe]
     */
    public long prepareNanos(int index) {
        return prepareNanos[index];
    }

    /**
     * Runs each plugin in order on the block (a view of its channels when it holds fewer than
     * the block), then replaces any non-finite sample the last
     * one produced with 0, so a misbehaving plugin never sends NaN to a speaker or a file.
     * [audio-thread]
     */
    @Override
    public void process(AudioBlock block) {
        if (plugins.isEmpty()) {
            SampleGuard.sanitize(block);
            return;
        }
        int frames = block.frames();
        int offset = block.offset();
        if (work == null) {
            for (int c = 0, n = block.channelCount(); c < n; c++) {
                table[c] = block.channel(c);
            }
        } else {
            for (int c = 0, n = prepared.channels(); c < n; c++) {
                System.arraycopy(block.channel(c), offset, work[c], 0, frames);
            }
            System.arraycopy(work, 0, table, 0, work.length);
            offset = 0;
        }
        for (int i = 0, n = plugins.size(); i < n; i++) {
            float[][] channels = stageChannels[i];
            if (work == null && channels.length == block.channelCount()) {
                bypass[i].process(plugins.get(i), block);
            } else {
                System.arraycopy(table, 0, channels, 0, channels.length);
                bypass[i].process(plugins.get(i), view.set(channels, offset, frames));
            }
        }
        if (work != null) {
            for (int c = 0, n = prepared.outputChannels(); c < n; c++) {
                System.arraycopy(work[c], 0, block.channel(c), block.offset(), frames);
            }
        }
        SampleGuard.sanitize(block);
    }

    /** Resets every plugin and its bypass. [audio-thread, or main-thread while audio is stopped] */
    @Override
    public void reset() {
        for (int i = 0; i < bypass.length; i++) {
            plugins.get(i).reset();
            bypass[i].reset();
        }
    }

    /** Sum of the plugins' latencies. [main-thread] */
    @Override
    public int latencySamples() {
        int sum = 0;
        for (AudioPlugin p : plugins) {
            sum += p.latencySamples();
        }
        return sum;
    }

    /** Each plugin's state, in order. [main-thread] */
    public List<PluginState> saveStates() {
        List<PluginState> out = new ArrayList<>();
        for (AudioPlugin p : plugins) {
            out.add(p.saveState());
        }
        return out;
    }

    /**
     * Closes every plugin, even when one fails; the first failure is rethrown with the others
     * suppressed. [main-thread, audio stopped]
     */
    @Override
    public void close() {
        RuntimeException first = null;
        for (AudioPlugin p : plugins) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
