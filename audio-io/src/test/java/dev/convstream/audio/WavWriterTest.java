package dev.convstream.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavWriterTest {

    @TempDir
    Path dir;

    static float[][] signal(int channels, int frames, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[channels][frames];
        for (float[] ch : x) {
            for (int i = 0; i < frames; i++) {
                ch[i] = (float) (0.9 * (2 * r.nextDouble() - 1));
            }
        }
        return x;
    }

    /**
     * Every format reads back through Java Sound (an independent reader) with its header's
     * rate and channels, and the samples within half a quantisation step (exact for float).
     */
    @ParameterizedTest
    @EnumSource(WavWriter.Format.class)
    void writtenFilesReadBackWithTheirFormatAndSamples(WavWriter.Format format) throws Exception {
        float[][] x = signal(3, 10_001, format.ordinal());
        Path f = dir.resolve("x.wav");
        WavWriter.write(f, x, 44_100, format);

        AudioFileFormat header = AudioSystem.getAudioFileFormat(f.toFile());
        assertEquals(AudioFileFormat.Type.WAVE, header.getType());
        assertEquals(44_100f, header.getFormat().getSampleRate());
        assertEquals(3, header.getFormat().getChannels());
        assertEquals(format.bits(), header.getFormat().getSampleSizeInBits());
        assertEquals(10_001, header.getFrameLength());

        AudioFileReader.Decoded d = new AudioFileReader(new FfmpegDecoder("")).read(f);
        double half = format == WavWriter.Format.FLOAT_32 ? 0 : 0.5 / (1L << (format.bits() - 1)) + 1e-9;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < x[c].length; i++) {
                assertEquals(x[c][i], d.channels()[c][i], half, "channel " + c + " frame " + i);
            }
        }
    }

    @Test
    void integerFormatsClipAtFullScaleAndWriteNanAsZero() throws Exception {
        Path f = dir.resolve("clip.wav");
        WavWriter.write(f, new float[][] {{2f, -2f, Float.NaN, 1f, -1f}}, 48_000, WavWriter.Format.PCM_16);
        float[] y = new AudioFileReader(new FfmpegDecoder("")).read(f).channels()[0];
        assertArrayEquals(new float[] {32767 / 32768f, -1f, 0f, 32767 / 32768f, -1f}, y);
    }

    @Test
    void blockByBlockEqualsWholeSignal() throws Exception {
        float[][] x = signal(2, 5_000, 9);
        Path whole = dir.resolve("whole.wav");
        Path blocks = dir.resolve("blocks.wav");
        WavWriter.write(whole, x, 48_000, WavWriter.Format.PCM_24);
        try (WavWriter w = new WavWriter(blocks, 48_000, 2, WavWriter.Format.PCM_24)) {
            int[] sizes = {1, 7, 64, 511, 4_417};
            int pos = 0;
            for (int i = 0; pos < 5_000; i++) {
                int n = Math.min(sizes[i % sizes.length], 5_000 - pos);
                w.write(x, pos, n);
                pos += n;
            }
            assertEquals(5_000, w.frames());
            w.finish();
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(blocks));
    }

    /** A writer closed without finish (an exception, a kill) leaves nothing under the name and no temporary. */
    @Test
    void abandonedWriteLeavesNoFileAndKeepsWhatWasThere() throws Exception {
        Path f = dir.resolve("out.wav");
        Files.writeString(f, "previous content");
        try (WavWriter w = new WavWriter(f, 48_000, 1, WavWriter.Format.PCM_16)) {
            w.write(new float[][] {new float[1000]}, 0, 1000);
            // no finish(): as when processing throws half way
        }
        assertEquals("previous content", Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary left behind");
        }
    }

    @Test
    void badArgumentsNameThePath() {
        Path f = dir.resolve("bad.wav");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WavWriter(f, 0, 1, WavWriter.Format.PCM_16));
        assertTrue(e.getMessage().contains("bad.wav") && e.getMessage().contains("sample rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WavWriter(f, 48_000, 0, WavWriter.Format.PCM_16));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new WavWriter(f, 1_000_000_000f, 65_535, WavWriter.Format.FLOAT_32));
        assertTrue(e.getMessage().contains("bytes per second"), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void anOutputUnderARegularFileFailsWithThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        IOException e = assertThrows(IOException.class,
                () -> WavWriter.write(file.resolve("out.wav"), new float[][] {{0f}}, 48_000, WavWriter.Format.PCM_16));
        assertTrue(e.getMessage().contains("out.wav"), e.getMessage());
    }

    /** Java Sound's own writer as a second, independent check of the header layout: same bytes for 16-bit mono. */
    @Test
    void sixteenBitMonoIsByteIdenticalToJavaSound() throws Exception {
        float[][] x = signal(1, 1_234, 3);
        Path ours = dir.resolve("ours.wav");
        WavWriter.write(ours, x, 48_000, WavWriter.Format.PCM_16);
        AudioFormat format = new AudioFormat(48_000, 16, 1, true, false);
        byte[] pcm = new byte[2 * 1_234];
        new PcmCodec(format).encode(x, 0, pcm, 0, 1_234);
        Path theirs = dir.resolve("theirs.wav");
        try (var in = new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, 1_234)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, theirs.toFile());
        }
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }
}
