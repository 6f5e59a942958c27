package dev.convstream.examples.features;

import dev.convstream.host.FfmpegDecoder;
import dev.convstream.host.FileProcessor;
import dev.convstream.host.PcmCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Audio file to mono float samples at the front end's rate. Decoding is the plugin host's
 * ({@link FileProcessor#openPcm}: Java Sound for WAV/AIFF/AU, ffmpeg for the rest, with a
 * message saying what to install when ffmpeg is missing; {@link PcmCodec} for the samples);
 * channels are averaged; the rate is converted with {@link Resampling}.
 * Thread-safe: keeps no state between files.
 */
public final class AudioLoader {
    private static final int BLOCK = 8192;

    /**
     * A decoded file.
     *
     * @param mono           mono samples at {@code sampleRate}
     * @param sampleRate     the rate of {@code mono} (the front end's)
     * @param sourceRate     the file's own rate
     * @param sourceChannels the file's channel count
     * @param sourceFrames   frames in the file
     */
    public record Audio(float[] mono, int sampleRate, int sourceRate, int sourceChannels, long sourceFrames) {
        /** Duration of the file. */
        public double seconds() {
            return (double) sourceFrames / sourceRate;
        }
    }

    private final FileProcessor decoder;

    public AudioLoader(FileProcessor decoder) {
        this.decoder = decoder;
    }

    /** A loader that finds ffmpeg on this process's {@code PATH}. */
    public static AudioLoader fromEnvironment() {
        return new AudioLoader(new FileProcessor(FfmpegDecoder.fromEnvironment()));
    }

    /**
     * Decodes {@code file}, mixes it to mono and resamples it to {@code sampleRate}.
     *
     * @throws IOException naming the file when it cannot be decoded or holds no audio
     */
    public Audio load(Path file, int sampleRate) throws IOException {
        float[] mono = new float[1 << 16];
        long frames = 0;
        int rate;
        int channels;
        try (AudioInputStream in = decoder.openPcm(file, sampleRate)) {
            AudioFormat f = in.getFormat();
            rate = Math.round(f.getSampleRate());
            if (rate < 1 || Math.abs(f.getSampleRate() - rate) > 1e-3) {
                throw new IOException(file + ": sample rate " + f.getSampleRate() + " is not a whole number of Hz");
            }
            PcmCodec codec;
            try {
                codec = new PcmCodec(f);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            channels = codec.channels();
            byte[] bytes = new byte[BLOCK * codec.frameSize()];
            float[][] planes = new float[channels][BLOCK];
            int pending = 0;
            while (true) {
                int n = in.read(bytes, pending, bytes.length - pending);
                if (n < 0) {
                    break;
                }
                pending += n;
                int whole = pending / codec.frameSize();
                if (whole == 0) {
                    continue;
                }
                codec.decode(bytes, 0, planes, 0, whole);
                if (frames + whole > Integer.MAX_VALUE - 8) {
                    throw new IOException(file + ": longer than " + Integer.MAX_VALUE + " frames, too long for one array");
                }
                if (frames + whole > mono.length) {
                    mono = Arrays.copyOf(mono, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(frames + whole, 2L * mono.length)));
                }
                for (int i = 0; i < whole; i++) {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += planes[c][i];
                    }
                    mono[(int) frames + i] = sum / channels;
                }
                frames += whole;
                int rest = pending - whole * codec.frameSize();
                System.arraycopy(bytes, whole * codec.frameSize(), bytes, 0, rest);
                pending = rest;
            }
        }
        if (frames == 0) {
            throw new IOException(file + ": no audio frames (empty or unreadable file)");
        }
        float[] exact = Arrays.copyOf(mono, (int) frames);
        float[] out = rate == sampleRate ? exact : Resampling.resample(exact, rate, sampleRate);
        return new Audio(out, sampleRate, rate, channels, frames);
    }
}
