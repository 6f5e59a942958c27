package dev.convstream.live;

/**
 * The stream a backend opened, as negotiated with the device.
 *
 * @param backend          the backend's id
 * @param inputDevice      the capture device (or ports) in use
 * @param outputDevice     the playback device (or ports) in use
 * @param sampleRate       samples per second
 * @param blockSize        frames per period (per {@link LiveEngine#process} call)
 * @param inputChannels    capture channels
 * @param outputChannels   playback channels
 * @param format           the sample format on the wire, e.g. {@code PCM_SIGNED 24-bit}, {@code float32}
 * @param latencyFrames    expected round trip, input to output, in frames: device buffers plus the
 *                         chain's declared latency
 */
public record StreamInfo(String backend, String inputDevice, String outputDevice, double sampleRate,
                         int blockSize, int inputChannels, int outputChannels, String format,
                         long latencyFrames) {

    /** {@link #latencyFrames} in milliseconds. */
    public double latencyMillis() {
        return latencyFrames * 1000.0 / sampleRate;
    }
}
