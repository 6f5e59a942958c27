package dev.convstream.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The channel counts of a chain for one input channel count, worked out from each plugin's
 * {@link AudioPlugin#channelMapping()} before anything is prepared: what each plugin takes and
 * gives, the chain's output count, and the spec a host prepares the chain with. A plugin that
 * cannot take the channels it would get is named in the exception, so a host refuses the chain
 * before it opens a device or writes a file.
 *
 * <p>A host uses it as:
 * <pre>{@code
 * ChannelPlan plan = ChannelPlan.of(chain, inputChannels);   // throws naming the plugin at fault
 * ProcessSpec spec = plan.spec(sampleRate, maxBlockSize);
 * chain.prepare(spec);
 * float[][] buffers = new float[spec.blockChannels()][maxBlockSize];
 * // per block: input in buffers[0 .. inputChannels), chain.process, output in buffers[0 .. plan.outputChannels())
 * }</pre>
 * Blocks hold {@code spec.blockChannels()} = {@code max(in, out)} arrays; when a stage in
 * between is wider (a mono stream made stereo and mixed down again), the chain holds the extra
 * channels itself.
 *
 * <p>Immutable: [thread-safe]. Valid as long as no plugin's mapping changes: mappings depend on
 * resources (an impulse response's channel count), so a host plans after loading them.
 *
 * @param inputChannels  channels into the first plugin
 * @param outputChannels channels out of the last plugin (the input count for an empty chain)
 * @param stages         one per plugin, in order
 */
public record ChannelPlan(int inputChannels, int outputChannels, List<Stage> stages) {

    /**
     * What plugin {@code index} of the chain takes and gives.
     *
     * @param index          position in the chain, from 0
     * @param pluginId       the plugin's descriptor id
     * @param inputChannels  channels it takes
     * @param outputChannels channels it gives
     */
    public record Stage(int index, String pluginId, int inputChannels, int outputChannels) {

        /** Arrays of the blocks this plugin processes: {@code max(in, out)}. */
        public int blockChannels() {
            return Math.max(inputChannels, outputChannels);
        }

        /** This stage's spec at {@code sampleRate} and {@code maxBlockSize}. */
        public ProcessSpec spec(double sampleRate, int maxBlockSize) {
            return new ProcessSpec(sampleRate, maxBlockSize, inputChannels, outputChannels);
        }
    }

    public ChannelPlan {
        stages = List.copyOf(stages);
    }

    /**
     * The plan of {@code plugin} for {@code inputChannels}: the stages of a {@link PluginChain},
     * or the one stage of any other plugin. [main-thread]
     *
     * @throws IllegalArgumentException naming the plugin (position and id) that cannot take the
     *                                  channels it would get, and what it maps
     */
    public static ChannelPlan of(AudioPlugin plugin, int inputChannels) {
        return plugin instanceof PluginChain chain ? of(chain.plugins(), inputChannels)
                : of(List.of(plugin), inputChannels);
    }

    /**
     * The plan of {@code plugins} run in order on {@code inputChannels}. [main-thread]
     *
     * @throws IllegalArgumentException naming the plugin (position and id) that cannot take the
     *                                  channels it would get, and what it maps
     */
    public static ChannelPlan of(List<? extends AudioPlugin> plugins, int inputChannels) {
        if (inputChannels < 1) {
            throw new IllegalArgumentException("input channels must be >= 1, found " + inputChannels);
        }
        List<Stage> stages = new ArrayList<>(plugins.size());
        int channels = inputChannels;
        for (int i = 0; i < plugins.size(); i++) {
            AudioPlugin p = plugins.get(i);
            ChannelMapping mapping = p.channelMapping();
            OptionalInt out = mapping.outputChannels(channels);
            if (out.isEmpty()) {
                String from = i == 0 ? "the input's" : "the " + channels + " that plugin " + i + " '"
                        + plugins.get(i - 1).descriptor().id() + "' gives";
                throw new IllegalArgumentException("plugin " + (i + 1) + " of the chain, '" + p.descriptor().id()
                        + "', cannot take " + channels + " channel(s) (" + from + "): it maps " + mapping);
            }
            stages.add(new Stage(i, p.descriptor().id(), channels, out.getAsInt()));
            channels = out.getAsInt();
        }
        return new ChannelPlan(inputChannels, channels, stages);
    }

    /** The spec a host prepares the chain (or plugin) with: {@code inputChannels -> outputChannels}. */
    public ProcessSpec spec(double sampleRate, int maxBlockSize) {
        return new ProcessSpec(sampleRate, maxBlockSize, inputChannels, outputChannels);
    }

    /** The spec a host prepares the chain (or plugin) with, in {@code mode}. */
    public ProcessSpec spec(double sampleRate, int maxBlockSize, ProcessingMode mode) {
        return new ProcessSpec(sampleRate, maxBlockSize, inputChannels, outputChannels, mode);
    }

    /** The most channels any point of the chain holds (input, output or between two plugins). */
    public int widest() {
        int w = Math.max(inputChannels, outputChannels);
        for (Stage s : stages) {
            w = Math.max(w, s.blockChannels());
        }
        return w;
    }

    /** "1 -> convolver -> 2 -> gain -> 2", for logs and messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(inputChannels);
        for (Stage s : stages) {
            sb.append(" -> ").append(s.pluginId()).append(" -> ").append(s.outputChannels());
        }
        return sb.toString();
    }
}
