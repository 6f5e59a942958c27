package dev.convstream.live;

import java.util.Locale;
import javax.sound.sampled.AudioFormat;

/**
 * A sample format on the wire between convstream and a device: 16, 24 (packed in 3 bytes) or
 * 32-bit signed integers, or 32-bit floats, little-endian. A backend whose server works in
 * floats (JACK) ignores it.
 */
public enum SampleFormat {
    S16(AudioFormat.Encoding.PCM_SIGNED, 16, 2),
    S24(AudioFormat.Encoding.PCM_SIGNED, 24, 3),
    S32(AudioFormat.Encoding.PCM_SIGNED, 32, 4),
    F32(AudioFormat.Encoding.PCM_FLOAT, 32, 4);

    private final AudioFormat.Encoding encoding;
    private final int bits;
    private final int bytes;

    SampleFormat(AudioFormat.Encoding encoding, int bits, int bytes) {
        this.encoding = encoding;
        this.bits = bits;
        this.bytes = bytes;
    }

    /** The name users type: {@code s16}, {@code s24}, {@code s32}, {@code f32}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This format as Java Sound's, little-endian, interleaved. */
    public AudioFormat toAudioFormat(double sampleRate, int channels) {
        return new AudioFormat(encoding, (float) sampleRate, bits, channels, bytes * channels, (float) sampleRate, false);
    }

    /**
     * The format named {@code id} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the formats there are
     */
    public static SampleFormat parse(String id) {
        for (SampleFormat f : values()) {
            if (f.id().equalsIgnoreCase(id.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown sample format '" + id + "'; formats: s16, s24, s32, f32");
    }

    @Override
    public String toString() {
        return id();
    }
}
