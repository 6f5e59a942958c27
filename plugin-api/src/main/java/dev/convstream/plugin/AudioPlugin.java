package dev.convstream.plugin;

import java.io.IOException;
import java.util.Map;

/**
 * An audio processor: {@code prepare} once (allocate everything), then {@code process} blocks
 * in place, {@code reset} to silence when the stream is interrupted, {@code close} at the end
 * (JUCE's {@code ProcessorBase}, with CLAP's threading rules; see the package documentation
 * for the meaning of the tags).
 *
 * <p>Lifecycle: created → {@code prepare} → ({@code process} | {@code reset})* → (
 * {@code prepare} again | {@code close}). Parameters and resources may be set at any point,
 * including while audio runs.
 *
 * <p>Contract checked for every plugin by the shared contract test:
 * <ul>
 *   <li>{@code process} allocates nothing, locks nothing, logs nothing, does no I/O;</li>
 *   <li>the output does not depend on how the stream is cut into blocks (with parameters
 *       unchanged);</li>
 *   <li>a non-finite input sample (NaN, ±infinity) is processed as if it were 0, so it
 *       cannot poison state or later output ({@link SampleGuard#sanitize(AudioBlock)});</li>
 *   <li>every parameter value in range, edges included, gives finite output.</li>
 * </ul>
 */
public interface AudioPlugin extends AutoCloseable {

    /** What this plugin is: id, name, version, parameter and resource specs. [thread-safe] */
    PluginDescriptor descriptor();

    /**
     * The live parameters, one per {@code descriptor().parameters()} spec, in the same order.
     * Their values may be set from any thread while audio runs. [thread-safe]
     */
    ParameterSet parameters();

    /**
     * How this plugin maps input channels to output channels (see {@link ChannelMapping}):
     * hosts compute a chain's channel counts from it before preparing ({@link ChannelPlan}) and
     * prepare this plugin only with a spec it {@linkplain ChannelMapping#accepts accepts}.
     * Valid before {@code prepare}; it may depend on the resources set so far (the channel
     * count of an impulse response), so a host asks after loading them. The default, per
     * channel, is right for a plugin that processes every channel of a block alike, each with
     * its own state. [main-thread]
     */
    default ChannelMapping channelMapping() {
        return ChannelMapping.perChannel();
    }

    /**
     * Allocates and initialises everything processing needs for {@code spec} and resets state
     * to silence. May be called again with another spec (sample-rate change). A plugin that
     * cannot run at {@code spec} (e.g. a model trained for another sample rate and no
     * resampler) throws {@link IllegalArgumentException} saying why. {@code spec}'s channel
     * counts are ones {@link #channelMapping()} gives.
     * [main-thread, audio stopped]
     */
    void prepare(ProcessSpec spec);

    /**
     * Processes {@code block} in place. {@code block.channelCount()} equals the prepared
     * {@link ProcessSpec#blockChannels()}: the input in the first {@code channels} arrays, the
     * output written to the first {@code outputChannels}; {@code block.frames() <= maxBlockSize}. Parameters are read
     * lock-free (typically once per block); a pending resource swap is taken here, at the
     * block boundary. Must not allocate, lock, block, log or do I/O, must not keep a
     * reference to the block. [audio-thread]
     */
    void process(AudioBlock block);

    /**
     * Clears internal state (delay lines, filter memories, smoothing ramps) back to silence,
     * as after {@code prepare}, without reallocating. [audio-thread, or main-thread while
     * audio is stopped]
     */
    void reset();

    /**
     * The delay, in samples, between an input sample and its effect on the output; hosts
     * compensate it. Valid after {@code prepare}; changes only when {@code prepare} is called
     * again. [main-thread]
     */
    default int latencySamples() {
        return 0;
    }

    /**
     * Current resource values by id (e.g. {@code model -> /path/amp.nam}). [main-thread]
     */
    default Map<String, String> resources() {
        return Map.of();
    }

    /**
     * Loads resource {@code id} from {@code value} (usually a file path) on the calling thread
     * and hands it to the audio thread atomically (see {@link ResourceSlot}): safe while audio
     * runs, without a glitch or a lost block. On failure the previous resource stays in use.
     * [main-thread; may block on I/O]
     *
     * @throws IllegalArgumentException when {@code id} is not a resource of this plugin or the
     *                                  value is unusable, naming the plugin and resource
     * @throws IOException              when the resource cannot be read
     */
    default void setResource(String id, String value) throws IOException {
        throw new IllegalArgumentException("plugin '" + descriptor().id()
                + "' has no resource '" + id + "'; resources: "
                + descriptor().resources().stream().map(ResourceSpec::id).toList());
    }

    /** Parameter values and resources, for saving. [main-thread] */
    default PluginState saveState() {
        return new PluginState(descriptor().id(), parameters().values(), resources());
    }

    /**
     * Restores {@code state}: every parameter it lists takes that value, every other parameter
     * its default; every resource it lists is loaded. Safe while audio runs. [main-thread]
     *
     * @throws IllegalArgumentException naming the plugin, parameter or resource at fault
     *                                  (wrong plugin id, unknown id, value out of range)
     * @throws IOException              when a resource cannot be read
     */
    default void loadState(PluginState state) throws IOException {
        String id = descriptor().id();
        if (!id.equals(state.pluginId())) {
            throw new IllegalArgumentException(
                    "state belongs to plugin '" + state.pluginId() + "', not '" + id + "'");
        }
        for (String p : state.parameters().keySet()) {
            if (!parameters().contains(p)) {
                throw new IllegalArgumentException("plugin '" + id + "': state has unknown parameter '"
                        + p + "'; parameters: " + parameters().values().keySet());
            }
        }
        for (Parameter p : parameters().all()) {
            Double v = state.parameters().get(p.spec().id());
            if (v == null) {
                p.setDefault();
            } else {
                p.set(v);
            }
        }
        for (Map.Entry<String, String> r : state.resources().entrySet()) {
            setResource(r.getKey(), r.getValue());
        }
    }

    /**
     * Releases everything the plugin holds (resources, native or pooled memory). The plugin
     * is unusable afterwards. Must not throw checked exceptions. [main-thread, audio stopped]
     */
    @Override
    void close();
}
