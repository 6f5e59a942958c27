package dev.convstream.host;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.FfmpegDecoder;
import dev.convstream.audio.PcmCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Test helpers: write planar floats as an audio file and read a file back as planar floats. */
final class WavFiles {

    private WavFiles() {
    }

    static void write(Path file, float[][] audio, AudioFormat format, AudioFileFormat.Type type) throws IOException {
        PcmCodec codec = new PcmCodec(format);
        int frames = audio[0].length;
        byte[] bytes = new byte[frames * codec.frameSize()];
        codec.encode(audio, 0, bytes, 0, frames);
        try (AudioInputStream s = new AudioInputStream(new ByteArrayInputStream(bytes), format, frames)) {
            AudioSystem.write(s, type, file.toFile());
        }
    }

    record Audio(AudioFormat format, float[][] samples) {
    }

    static Audio read(Path file) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream s = AudioSystem.getAudioInputStream(file.toFile())) {
            byte[] bytes = s.readAllBytes();
            PcmCodec codec = new PcmCodec(s.getFormat());
            int frames = bytes.length / codec.frameSize();
            float[][] out = new float[codec.channels()][frames];
            codec.decode(bytes, 0, out, 0, frames);
            return new Audio(s.getFormat(), out);
        }
    }

    /** A deterministic signal with a DC offset, a sine and noise; values exact in 16 bits. */
    static float[][] signal(int channels, int frames, double rate) {
        java.util.Random rnd = new java.util.Random(3);
        float[][] s = new float[channels][frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                double v = 0.1 + 0.5 * Math.sin(2 * Math.PI * (220 + 110 * c) * i / rate) + 0.05 * rnd.nextGaussian();
                s[c][i] = Math.round(v * 32768) / 32768f;
            }
        }
        return s;
    }
}
