package dev.convstream.plugins.convolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Writes 16-bit PCM WAV files for tests. */
final class WavWriter {

    private WavWriter() {
    }

    static Path write16(Path path, float[][] channels, float rate) throws IOException {
        int ch = channels.length;
        int frames = channels[0].length;
        byte[] bytes = new byte[frames * ch * 2];
        int k = 0;
        for (int i = 0; i < frames; i++) {
            for (float[] c : channels) {
                int v = Math.max(-32768, Math.min(32767, Math.round(c[i] * 32767f)));
                bytes[k++] = (byte) v;
                bytes[k++] = (byte) (v >> 8);
            }
        }
        AudioFormat f = new AudioFormat(rate, 16, ch, true, false);
        try (AudioInputStream s = new AudioInputStream(new ByteArrayInputStream(bytes), f, frames)) {
            AudioSystem.write(s, AudioFileFormat.Type.WAVE, path.toFile());
        }
        return path;
    }
}
