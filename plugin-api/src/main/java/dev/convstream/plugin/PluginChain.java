package dev.convstream.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * Plugins run one after another on the same block: itself an {@link AudioPlugin} (JUCE's
 * {@code ProcessorChain}), so a host treats a chain and a single plugin alike. Latency is the
 * sum of the plugins' latencies. An empty chain passes audio through unchanged (except that
 * non-finite samples become 0, as for any plugin).
 *
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

    /** A chain running {@code plugins} in order. [main-thread] */
    public PluginChain(List<? extends AudioPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        this.descriptor = PluginDescriptor.of(ID, "Chain of " + this.plugins.size() + " plugins", "1");
        this.bypass = new BypassSwitch[this.plugins.size()];
        for (int i = 0; i < bypass.length; i++) {
            bypass[i] = new BypassSwitch();
        }
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

    /** Prepares every plugin with the same spec, then its bypass for its latency. [main-thread, audio stopped] */
    @Override
    public void prepare(ProcessSpec spec) {
        for (int i = 0; i < bypass.length; i++) {
            AudioPlugin p = plugins.get(i);
            p.prepare(spec);
            bypass[i].prepare(spec, p.latencySamples());
        }
    }

    /**
     * Runs each plugin in order on the block, then replaces any non-finite sample the last
     * one produced with 0, so a misbehaving plugin never sends NaN to a speaker or a file.
     * [audio-thread]
     */
    @Override
    public void process(AudioBlock block) {
        if (plugins.isEmpty()) {
            SampleGuard.sanitize(block);
            return;
        }
        for (int i = 0; i < bypass.length; i++) {
            bypass[i].process(plugins.get(i), block);
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
