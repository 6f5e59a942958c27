package dev.convstream.plugin;

/**
 * What a plugin is prepared for: everything it must allocate for is known from these numbers
 * (JUCE's {@code ProcessSpec}, with CLAP's separate input and output channel counts).
 *
 * <p>Channels: a block handed to {@code process} holds {@link #blockChannels()} channel arrays,
 * {@code max(channels, outputChannels)}. On entry its first {@code channels} arrays are the
 * input; on return its first {@code outputChannels} arrays are the output (in place). A plugin
 * that widens the stream (a mono input through a stereo impulse response) writes arrays it was
 * not given input in; one that narrows it leaves the arrays past its output unspecified. Most
 * plugins map channels one to one ({@code channels == outputChannels}). A host gets the spec of
 * a plugin or chain for its input channel count from {@link ChannelPlan}, which asks every
 * plugin's {@link AudioPlugin#channelMapping()}.
 *
 * <p>Immutable: [thread-safe].
 *
 * @param sampleRate     samples per second per channel, positive and finite
 * @param maxBlockSize   the largest {@link AudioBlock#frames()} that {@code process} will see
 * @param channels       the number of input channels, at least 1
 * @param outputChannels the number of output channels, at least 1
 * @param mode           against a clock (live) or offline (a file); see {@link ProcessingMode}
 */
public record ProcessSpec(double sampleRate, int maxBlockSize, int channels, int outputChannels, ProcessingMode mode) {

    public ProcessSpec {
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException(
                    "sampleRate must be positive and finite, found " + sampleRate);
        }
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("maxBlockSize must be >= 1, found " + maxBlockSize);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, found " + channels);
        }
        if (outputChannels < 1) {
            throw new IllegalArgumentException("outputChannels must be >= 1, found " + outputChannels);
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must be REALTIME or OFFLINE, found null");
        }
    }

    /** A real-time spec ({@link ProcessingMode#REALTIME}), the common case. */
    public ProcessSpec(double sampleRate, int maxBlockSize, int channels, int outputChannels) {
        this(sampleRate, maxBlockSize, channels, outputChannels, ProcessingMode.REALTIME);
    }

    /** A real-time spec with as many output channels as input channels, the common case. */
    public ProcessSpec(double sampleRate, int maxBlockSize, int channels) {
        this(sampleRate, maxBlockSize, channels, channels);
    }

    /** Channel arrays of every block: {@code max(channels, outputChannels)}. */
    public int blockChannels() {
        return Math.max(channels, outputChannels);
    }

    /** This spec with {@code in} input and {@code out} output channels (same mode). */
    public ProcessSpec withChannels(int in, int out) {
        return new ProcessSpec(sampleRate, maxBlockSize, in, out, mode);
    }

    /** This spec in {@code mode}. */
    public ProcessSpec withMode(ProcessingMode mode) {
        return new ProcessSpec(sampleRate, maxBlockSize, channels, outputChannels, mode);
    }

    /** True when no block has a deadline ({@link ProcessingMode#OFFLINE}). */
    public boolean offline() {
        return mode == ProcessingMode.OFFLINE;
    }

    /** "48000 Hz, 1 -> 2 channels" (", offline" when so), for messages. */
    public String describe() {
        return Numbers.plain(sampleRate) + " Hz, " + channels + " -> " + outputChannels + " channels"
                + (offline() ? ", offline" : "");
    }
}
