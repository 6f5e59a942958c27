package dev.convstream.host;

import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ChannelPlan;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ProcessingMode;

/**
 * A chain that is well described but cannot run: a resource (a model, an impulse response)
 * that will not load, or a plugin that cannot be prepared for the stream (e.g. a model trained
 * at another sample rate). The message names the plugin, the file and the reason. Commands
 * report it as a failure (exit 1), not as bad usage: the arguments were right, the file is not.
 */
public final class ResourceException extends ChainException {

    private static final long serialVersionUID = 1L;

    public ResourceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Prepares {@code plugin} for {@code spec}, turning the plugin's refusal into this
     * exception. [main-thread, audio stopped]
     *
     * @throws ResourceException saying what the plugin could not run at, and why
     */
    /**
     * Works out {@code plugin}'s channel counts for {@code inputChannels} ({@link ChannelPlan})
     * and prepares it for them: the spec it was prepared with. [main-thread, audio stopped]
     *
     * @throws ResourceException naming the plugin that cannot take the channels it would get
     *                           (before anything is prepared), or what {@link #prepare(AudioPlugin,
     *                           ProcessSpec)} throws
     */
    public static ProcessSpec prepare(AudioPlugin plugin, double sampleRate, int maxBlockSize, int inputChannels) {
        return prepare(plugin, sampleRate, maxBlockSize, inputChannels, ProcessingMode.REALTIME);
    }

    /** As {@link #prepare(AudioPlugin, double, int, int)}, in {@code mode} (offline for a file render). */
    public static ProcessSpec prepare(AudioPlugin plugin, double sampleRate, int maxBlockSize, int inputChannels,
                                      ProcessingMode mode) {
        ProcessSpec spec = plan(plugin, inputChannels).spec(sampleRate, maxBlockSize, mode);
        prepare(plugin, spec);
        return spec;
    }

    /**
     * {@code plugin}'s channel counts for {@code inputChannels} ({@link ChannelPlan#of(AudioPlugin, int)}).
     * [main-thread]
     *
     * @throws ResourceException naming the plugin that cannot take the channels it would get
     */
    public static ChannelPlan plan(AudioPlugin plugin, int inputChannels) {
        try {
            return ChannelPlan.of(plugin, inputChannels);
        } catch (IllegalArgumentException e) {
            throw new ResourceException("cannot run the chain on " + inputChannels + " channel(s): " + e.getMessage(), e);
        }
    }

    public static void prepare(AudioPlugin plugin, ProcessSpec spec) {
        try {
            plugin.prepare(spec);
        } catch (IllegalArgumentException e) {
            throw new ResourceException("cannot run the chain at " + spec.describe() + ": " + e.getMessage(), e);
        }
    }
}
