package dev.convstream.plugin;

/**
 * The part every plugin writes the same way: its descriptor, its live parameters made from
 * the descriptor's specs, and nothing to release on close. A plugin extends it and writes only
 * what makes it itself: {@code prepare}, {@code process}, {@code reset}.
 */
public abstract class AbstractAudioPlugin implements AudioPlugin {

    private final PluginDescriptor descriptor;
    private final ParameterSet parameters;

    /** A plugin described by {@code descriptor}, its parameters at their defaults. */
    protected AbstractAudioPlugin(PluginDescriptor descriptor) {
        this.descriptor = descriptor;
        this.parameters = ParameterSet.of(descriptor.parameters());
    }

    /** [thread-safe] */
    @Override
    public final PluginDescriptor descriptor() {
        return descriptor;
    }

    /** [thread-safe] */
    @Override
    public final ParameterSet parameters() {
        return parameters;
    }

    /** The live parameter {@code id}, for a subclass to keep in a field. [thread-safe] */
    protected final Parameter parameter(String id) {
        return parameters.get(id);
    }

    /** Nothing to release; plugins holding resources override it. [main-thread, audio stopped] */
    @Override
    public void close() {
    }
}
