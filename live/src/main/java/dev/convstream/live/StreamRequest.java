package dev.convstream.live;

/**
 * What the user asked of a live stream; a backend gets as close as the device allows and says
 * what it got in {@link StreamInfo}. Zero (or null) means "the device's own".
 *
 * @param inputDevice    capture device (or JACK port name pattern), null for the default
 * @param outputDevice   playback device, null for the default
 * @param sampleRate     samples per second, 0 for the device's native rate
 * @param blockSize      frames per period, 0 for the backend's default
 * @param inputChannels  capture channels, 0 for the device's native count
 * @param outputChannels playback channels, 0 for the device's native count
 * @param latencyMillis  target added latency (device buffers included), 0 for as low as stable
 * @param autoConnect    connect to the system's physical ports (JACK); Java Sound always does
 * @param sampleFormat   the format on the wire (Java Sound), null for the best both lines offer;
 *                       JACK works in floats and ignores it
 */
public record StreamRequest(String inputDevice, String outputDevice, double sampleRate, int blockSize,
                            int inputChannels, int outputChannels, double latencyMillis,
                            boolean autoConnect, SampleFormat sampleFormat) {

    /** A request that leaves the sample format to the backend. */
    public StreamRequest(String inputDevice, String outputDevice, double sampleRate, int blockSize,
                         int inputChannels, int outputChannels, double latencyMillis, boolean autoConnect) {
        this(inputDevice, outputDevice, sampleRate, blockSize, inputChannels, outputChannels, latencyMillis,
                autoConnect, null);
    }

    public StreamRequest {
        if (!(sampleRate == 0 || (sampleRate >= 8_000 && sampleRate <= 384_000))) {
            throw new IllegalArgumentException("sample rate must be 0 (native) or in [8000, 384000] Hz, found " + sampleRate);
        }
        if (blockSize != 0 && (blockSize < 16 || blockSize > 65_536)) {
            throw new IllegalArgumentException("block size must be 0 (default) or in [16, 65536] frames, found " + blockSize);
        }
        if (inputChannels < 0 || inputChannels > 64 || outputChannels < 0 || outputChannels > 64) {
            throw new IllegalArgumentException("channels must be in [0, 64] (0: native), found input "
                    + inputChannels + ", output " + outputChannels);
        }
        if (!(latencyMillis >= 0 && latencyMillis <= 2_000)) {
            throw new IllegalArgumentException("latency target must be in [0, 2000] ms, found " + latencyMillis);
        }
    }
}
