package dev.convstream.testing;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Audio files for tests, written and read through Java Sound with a codec of its own (so a test
 * of convstream's readers and writers does not check them against themselves): signed integer
 * PCM of 1 to 4 bytes in either byte order, and 32-bit float. Writing clips to [-1, 1] and
 * rounds {@code x * 2^(bits-1)} to nearest (full scale positive is one step short); reading
 * divides by {@code 2^(bits-1)}, so a value written from {@code k / 2^(bits-1)} reads back exactly.
 */
public final class TestWav {
    private TestWav() {
    }

    /** A decoded file: its format and planar samples. */
    public record Audio(AudioFormat format, float[][] samples) {
    }

    /** {@code planar[channel][frame]} as a 16-bit little-endian PCM WAV at {@code rate}. */
    public static Path write16(Path file, float[][] planar, float rate) throws IOException {
        return write(file, planar, new AudioFormat(rate, 16, planar.length, true, false), AudioFileFormat.Type.WAVE);
    }

    /** {@code planar[channel][frame]} encoded as {@code format} (signed PCM or 32-bit float) in a {@code type} file. */
    public static Path write(Path file, float[][] planar, AudioFormat format, AudioFileFormat.Type type)
            throws IOException {
        int bytes = format.getSampleSizeInBits() / 8;
        boolean isFloat = format.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT);
        if (!(isFloat && bytes == 4) && !(format.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED)
                && bytes >= 1 && bytes <= 4) || format.getChannels() != planar.length) {
            throw new IllegalArgumentException("TestWav writes signed PCM or 32-bit float of " + planar.length
                    + " channels, not " + format);
        }
        int frames = planar[0].length;
        byte[] data = new byte[frames * planar.length * bytes];
        int p = 0;
        for (int i = 0; i < frames; i++) {
            for (float[] channel : planar) {
                long v = isFloat ? Float.floatToRawIntBits(channel[i]) : quantize(channel[i], bytes * 8);
                for (int k = 0; k < bytes; k++) {
                    data[p + (format.isBigEndian() ? bytes - 1 - k : k)] = (byte) (v >>> (8 * k));
                }
                p += bytes;
            }
        }
        return write(file, data, format, frames, type);
    }

    /** Interleaved 16-bit samples as a {@code type} file (big-endian for AIFF, little-endian otherwise). */
    public static Path write(Path file, short[] interleaved, int rate, int channels, AudioFileFormat.Type type)
            throws IOException {
        boolean big = type == AudioFileFormat.Type.AIFF;
        byte[] data = new byte[interleaved.length * 2];
        for (int i = 0; i < interleaved.length; i++) {
            data[2 * i + (big ? 1 : 0)] = (byte) interleaved[i];
            data[2 * i + (big ? 0 : 1)] = (byte) (interleaved[i] >> 8);
        }
        return write(file, data, new AudioFormat(rate, 16, channels, true, big), interleaved.length / channels, type);
    }

    /** Reads a signed-PCM or 32-bit float file. */
    public static Audio read(Path file) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream s = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = s.getFormat();
            int bytes = f.getSampleSizeInBits() / 8;
            boolean isFloat = f.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT);
            if (!(isFloat && bytes == 4) && !(f.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED)
                    && bytes >= 1 && bytes <= 4)) {
                throw new IOException(file + ": expected signed PCM or 32-bit float, found " + f);
            }
            byte[] data = s.readAllBytes();
            int channels = f.getChannels();
            int frames = data.length / (bytes * channels);
            float[][] out = new float[channels][frames];
            int p = 0;
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    long v = 0;
                    for (int k = 0; k < bytes; k++) {
                        v = (v << 8) | (data[p + (f.isBigEndian() ? k : bytes - 1 - k)] & 0xff);
                    }
                    int bits = bytes * 8;
                    out[c][i] = isFloat ? Float.intBitsToFloat((int) v)
                            : (float) (((v << (64 - bits)) >> (64 - bits)) / (double) (1L << (bits - 1)));
                    p += bytes;
                }
            }
            return new Audio(f, out);
        }
    }

    /** Reads a mono file; fails naming the format when it has more channels. */
    public static float[] readMono(Path file) throws IOException, UnsupportedAudioFileException {
        Audio a = read(file);
        if (a.samples().length != 1) {
            throw new IOException(file + ": expected mono, found " + a.format());
        }
        return a.samples()[0];
    }

    private static long quantize(float x, int bits) {
        long full = 1L << (bits - 1);
        float clipped = Float.isNaN(x) ? 0f : Math.max(-1f, Math.min(1f, x));
        return Math.min(full - 1, Math.round(clipped * (double) full));
    }

    private static Path write(Path file, byte[] data, AudioFormat format, int frames, AudioFileFormat.Type type)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (AudioInputStream s = new AudioInputStream(new ByteArrayInputStream(data), format, frames)) {
            AudioSystem.write(s, type, file.toFile());
        }
        return file;
    }
}
