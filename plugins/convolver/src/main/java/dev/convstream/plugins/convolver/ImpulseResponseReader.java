package dev.convstream.plugins.convolver;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads an impulse response from an audio file Java Sound decodes (WAV, AIFF, AU; integer PCM
 * of 8 to 32 bits or 32/64-bit float), converting it to 32-bit float through Java Sound's own
 * converter. Every error names the file.
 */
public final class ImpulseResponseReader {

    /** Longest impulse response accepted: 2^21 taps, 43 s at 48 kHz; bounds the memory a typo can claim. */
    public static final int MAX_TAPS = 1 << 21;

    /**
     * @throws IOException              naming the file when it is missing or not decodable audio
     * @throws IllegalArgumentException naming the file when it is empty, too long or holds a
     *                                  non-finite sample (a float file with NaN or infinity)
     */
    public ImpulseResponse read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("impulse response file not found: " + path);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path));
             AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
            AudioFormat f = in.getFormat();
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, f.getSampleRate(), 32,
                    f.getChannels(), 4 * f.getChannels(), f.getSampleRate(), false);
            AudioInputStream floats;
            try {
                floats = f.matches(target) ? in : AudioSystem.getAudioInputStream(target, in);
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot read impulse response " + path + ": Java Sound cannot convert "
                        + f + " to float samples", e);
            }
            byte[] bytes = floats.readAllBytes();
            int channels = f.getChannels();
            long frames = bytes.length / (4L * channels);
            if (frames == 0) {
                throw new IllegalArgumentException("impulse response " + path + " has no samples");
            }
            if (frames > MAX_TAPS) {
                throw new IllegalArgumentException("impulse response " + path + " has " + frames
                        + " taps; at most " + MAX_TAPS + " are supported");
            }
            float[][] taps = new float[channels][(int) frames];
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    float v = buf.getFloat();
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("impulse response " + path + ": channel " + c
                                + " frame " + i + " is " + v + "; every sample must be finite");
                    }
                    taps[c][i] = v;
                }
            }
            return new ImpulseResponse(path.toString(), taps, f.getSampleRate());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("cannot read impulse response " + path
                    + ": not an audio file Java Sound can decode (WAV, AIFF, AU)", e);
        }
    }
}
