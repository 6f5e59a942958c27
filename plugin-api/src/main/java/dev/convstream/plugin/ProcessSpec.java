package dev.convstream.plugin;

/**
 * What a plugin is prepared for: everything it must allocate for is known from these three
 * numbers (JUCE's {@code ProcessSpec}).
 *
 * <p>Immutable: [thread-safe].
 *
 * @param sampleRate   samples per second per channel, positive and finite
 * @param maxBlockSize the largest {@link AudioBlock#frames()} that {@code process} will see
 * @param channels     the number of channels of every block, at least 1
 */
public record ProcessSpec(double sampleRate, int maxBlockSize, int channels) {

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
    }
}
