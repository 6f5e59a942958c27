package dev.convstream.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Audio file to mono float samples at a chosen rate: decoded at the file's own rate and
 * channel count ({@link AudioFileReader}), then one downmix/resample step ({@link Downmix},
 * {@link Resampling}). Thread-safe: keeps no state between files.
 */
public final class AudioLoader {
    /** Longest input accepted: 2^31 - 9 frames, the most one float array holds. */
    public static final int MAX_FRAMES = Integer.MAX_VALUE - 8;

    /**
     * A decoded file.
     *
     * @param mono           mono samples at {@code sampleRate}
     * @param sampleRate     the rate of {@code mono}
     * @param sourceRate     the file's own rate
     * @param sourceChannels the file's channel count
     * @param sourceFrames   frames in the file
     * @param warnings       the reader's warnings about the file ({@link AudioFileReader.Decoded#warnings()})
     */
    public record Audio(float[] mono, int sampleRate, int sourceRate, int sourceChannels, long sourceFrames,
                        List<String> warnings) {
        /** Duration of the file. */
        public double seconds() {
            return (double) sourceFrames / sourceRate;
        }
    }

    private final AudioFileReader reader;

    public AudioLoader(AudioFileReader reader) {
        this.reader = reader;
    }

    /** A loader that finds ffmpeg on this process's {@code PATH}. */
    public static AudioLoader fromEnvironment() {
        return new AudioLoader(AudioFileReader.fromEnvironment());
    }

    /**
     * Decodes {@code file}, mixes it to mono and resamples it to {@code sampleRate}.
     *
     * @throws IOException naming the file when it cannot be decoded or holds no audio
     */
    public Audio load(Path file, int sampleRate) throws IOException {
        AudioFileReader.Decoded d = reader.read(file, MAX_FRAMES);
        int rate = Math.round(d.sampleRate());
        if (rate < 1 || Math.abs(d.sampleRate() - rate) > 1e-3) {
            throw new IOException(file + ": sample rate " + d.sampleRate() + " is not a whole number of Hz");
        }
        float[] mono = Downmix.toMono(d.channels());
        float[] out = rate == sampleRate ? mono : Resampling.resample(mono, rate, sampleRate);
        return new Audio(out, sampleRate, rate, d.channels().length, d.frames(), d.warnings());
    }
}
