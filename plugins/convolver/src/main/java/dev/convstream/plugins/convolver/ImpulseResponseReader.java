package dev.convstream.plugins.convolver;

import dev.convstream.check.Failures;
import dev.convstream.audio.AudioFileReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads an impulse response from an audio file through {@link AudioFileReader} (WAV, AIFF, AU
 * with Java Sound, any other format through ffmpeg when it is installed), at the file's own rate
 * and channel count. Every error names the file.
 */
public final class ImpulseResponseReader {

    /** Longest impulse response accepted: 2^21 taps, 43 s at 48 kHz; bounds the memory a typo can claim. */
    public static final int MAX_TAPS = 1 << 21;
    private static final System.Logger LOG = System.getLogger(ImpulseResponseReader.class.getName());

    private final AudioFileReader files;

    public ImpulseResponseReader(AudioFileReader files) {
        this.files = files;
    }

    /** A reader that finds ffmpeg on this process's {@code PATH}. */
    public ImpulseResponseReader() {
        this(AudioFileReader.fromEnvironment());
    }

    /**
     * @throws IOException              naming the file when it is missing, not decodable audio,
     *                                  empty, or longer than {@link #MAX_TAPS} (checked before
     *                                  the samples are read when the header tells the length)
     * @throws IllegalArgumentException naming the file when it holds a non-finite sample (a float
     *                                  file with NaN or infinity)
     */
    public ImpulseResponse read(Path path) throws IOException {
        AudioFileReader.Decoded d;
        try {
            d = files.read(path, MAX_TAPS);
        } catch (IOException e) {
            throw new IOException("cannot read impulse response: " + Failures.describe(e), e);
        }
        float[][] taps = d.channels();
        for (int c = 0; c < taps.length; c++) {
            for (int i = 0; i < taps[c].length; i++) {
                if (!Float.isFinite(taps[c][i])) {
                    throw new IllegalArgumentException("impulse response " + path + ": channel " + c
                            + " frame " + i + " is " + taps[c][i] + "; every sample must be finite");
                }
            }
        }
        // A cut-off IR is a shorter, abruptly ending response: still usable, but the user should know.
        d.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, "impulse response " + w));
        if (allZero(taps)) {
            LOG.log(System.Logger.Level.WARNING, "impulse response " + path
                    + " is all zeros: the convolver's output will be silence");
        }
        return new ImpulseResponse(path.toString(), taps, d.sampleRate());
    }

    private static boolean allZero(float[][] taps) {
        for (float[] channel : taps) {
            for (float t : channel) {
                if (t != 0f) {
                    return false;
                }
            }
        }
        return true;
    }
}
