package dev.convstream.examples;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Mono 16-bit PCM WAV files from and to float samples in [-1, 1], with Java Sound. */
public final class WavFiles {

    private WavFiles() {
    }

    /** Writes {@code samples} as mono 16-bit PCM; values beyond [-1, 1] are clipped. */
    public static void writeMono16(Path file, float[] samples, int sampleRate) throws IOException {
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            int v = (int) Math.round(Math.max(-1f, Math.min(1f, samples[i])) * 32767);
            bytes[2 * i] = (byte) v;
            bytes[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(bytes), format, samples.length)) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    /** A mono 16-bit little-endian WAV file and its rate. */
    public record Mono(float[] samples, float sampleRate) {
    }

    /** Reads a mono 16-bit little-endian PCM WAV file (what {@link #writeMono16} writes). */
    public static Mono readMono16(Path file) throws IOException {
        try (AudioInputStream stream = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = stream.getFormat();
            if (f.getChannels() != 1 || f.getSampleSizeInBits() != 16 || f.isBigEndian()
                    || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IOException(file + ": expected mono 16-bit little-endian PCM, found " + f);
            }
            byte[] bytes = stream.readAllBytes();
            float[] samples = new float[bytes.length / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)) / 32768f;
            }
            return new Mono(samples, f.getSampleRate());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + ": not a WAV file Java Sound can read", e);
        }
    }
}
