package dev.convstream.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFileReaderTest {

    @TempDir
    Path dir;

    private final AudioFileReader noFfmpeg = new AudioFileReader(new FfmpegDecoder(""));

    /** Writes {@code x} with Java Sound in {@code format} as {@code type}. */
    static void write(Path f, float[][] x, AudioFormat format, AudioFileFormat.Type type) throws IOException {
        byte[] bytes = new byte[x[0].length * format.getFrameSize()];
        new PcmCodec(format).encode(x, 0, bytes, 0, x[0].length);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), format, x[0].length)) {
            AudioSystem.write(in, type, f.toFile());
        }
    }

    @Test
    void filesDecodeAtTheirOwnRateAndChannelCount() throws Exception {
        float[][] x = WavWriterTest.signal(2, 3_000, 1);
        Object[][] cases = {
            {"a.wav", new AudioFormat(22_050, 16, 2, true, false), AudioFileFormat.Type.WAVE},
            {"b.aiff", new AudioFormat(44_100, 24, 2, true, true), AudioFileFormat.Type.AIFF},
            {"c.au", new AudioFormat(8_000, 16, 2, true, true), AudioFileFormat.Type.AU},
        };
        for (Object[] c : cases) {
            AudioFormat format = (AudioFormat) c[1];
            Path f = dir.resolve((String) c[0]);
            write(f, x, format, (AudioFileFormat.Type) c[2]);
            AudioFileReader.Decoded d = noFfmpeg.read(f);
            assertEquals(format.getSampleRate(), d.sampleRate(), f.toString());
            assertEquals(2, d.channels().length, f.toString());
            assertEquals("java-sound", d.decodedBy());
            double half = 0.5 / (1L << (format.getSampleSizeInBits() - 1)) + 1e-9;
            for (int ch = 0; ch < 2; ch++) {
                for (int i = 0; i < 3_000; i++) {
                    assertEquals(x[ch][i], d.channels()[ch][i], half, f + " channel " + ch + " frame " + i);
                }
            }
        }
    }

    @Test
    void aFileLongerThanTheLimitFailsBeforeItsSamplesAreRead() throws Exception {
        Path f = dir.resolve("long.wav");
        WavWriter.write(f, new float[1][10_000], 48_000, WavWriter.Format.PCM_16);
        IOException e = assertThrows(IOException.class, () -> noFfmpeg.read(f, 9_999));
        assertTrue(e.getMessage().contains("long.wav") && e.getMessage().contains("10000 frames"), e.getMessage());
        assertEquals(10_000, noFfmpeg.read(f, 10_000).frames());
    }

    @Test
    void aWavCutOffMidDataIsReadAsTheShorterFileWithAWarning() throws Exception {
        Path whole = dir.resolve("whole.wav");
        WavWriter.write(whole, WavWriterTest.signal(2, 10_000, 1), 48_000, WavWriter.Format.PCM_16);
        assertEquals(java.util.List.of(), noFfmpeg.read(whole).warnings(), "an intact file has no warning");
        byte[] bytes = Files.readAllBytes(whole);
        int header = bytes.length - 10_000 * 4;

        Path cut = dir.resolve("cut.wav"); // 6,000 of 10,000 stereo 16-bit frames
        Files.write(cut, java.util.Arrays.copyOf(bytes, header + 6_000 * 4));
        AudioFileReader.Decoded d = noFfmpeg.read(cut);
        assertEquals(6_000, d.frames());
        assertEquals(1, d.warnings().size(), d.warnings().toString());
        String w = d.warnings().get(0);
        assertTrue(w.startsWith(cut + ": truncated: its header claims 10000 frames") && w.contains("holds 6000 frames"), w);

        Path midFrame = dir.resolve("mid-frame.wav"); // 3 bytes into frame 6,000
        Files.write(midFrame, java.util.Arrays.copyOf(bytes, header + 6_000 * 4 + 3));
        d = noFfmpeg.read(midFrame);
        assertEquals(6_000, d.frames());
        assertTrue(d.warnings().get(0).contains("truncated"), d.warnings().toString());
    }

    @Test
    void aPlaceholderDataLengthIsNamedAsSuch() throws Exception {
        Path whole = dir.resolve("streamed.wav");
        WavWriter.write(whole, WavWriterTest.signal(1, 1_000, 1), 48_000, WavWriter.Format.PCM_16);
        byte[] bytes = Files.readAllBytes(whole);
        // The data chunk's length as a writer that cannot seek back leaves it: 0xFFFFFFFF.
        int data = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("data");
        java.util.Arrays.fill(bytes, data + 4, data + 8, (byte) 0xFF);
        Files.write(whole, bytes);
        // read() refuses it (2^31 - 1 frames claimed, beyond its limit); a streamed reader such as
        // process's reads on and is told what the length was.
        try (AudioFileReader.Source source = noFfmpeg.open(whole)) {
            byte[] buffer = new byte[4096];
            long total = 0;
            for (int n; (n = source.stream().read(buffer)) > 0; ) {
                total += n;
            }
            assertEquals(2_000, total);
            String w = source.truncation(total / 2, 0).orElseThrow();
            assertTrue(w.contains("placeholder") && w.contains("holds 1000 frames"), w);
        }
    }

    @Test
    void missingDirectoriesDevicesAndEmptyFilesAreNamed() throws Exception {
        IOException e = assertThrows(IOException.class, () -> noFfmpeg.read(dir.resolve("nope.wav")));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("nope.wav"), e.getMessage());
        e = assertThrows(IOException.class, () -> noFfmpeg.read(dir));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
        e = assertThrows(IOException.class, () -> noFfmpeg.read(Path.of("/dev/zero")));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        Path empty = dir.resolve("empty.wav");
        WavWriter.write(empty, new float[1][0], 48_000, WavWriter.Format.PCM_16);
        e = assertThrows(IOException.class, () -> noFfmpeg.read(empty));
        assertTrue(e.getMessage().contains("empty.wav") && e.getMessage().contains("no audio"), e.getMessage());
    }

    /**
     * A WAV whose header holds a chunk larger than Java Sound's 8 KiB stream buffer and then no
     * data chunk (a file cut off after its metadata): Java Sound's rewind fails with a bare
     * "Resetting to invalid mark" (found by CaptureSignalFuzzTest); the message names the file.
     */
    @Test
    void aLargeChunkThenNoDataChunkIsNamed() throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + 24 + 8 + 20_000).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity() - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8_000).putInt(16_000).putShort((short) 2).putShort((short) 16);
        b.put("JUNK".getBytes(StandardCharsets.US_ASCII)).putInt(20_000);
        Path cut = Files.write(dir.resolve("cut.wav"), b.array());
        IOException e = assertThrows(IOException.class, () -> noFfmpeg.read(cut));
        assertTrue(e.getMessage().contains("cut.wav") && e.getMessage().contains("damaged header"), e.getMessage());
    }

    @Test
    void otherFormatsWithoutFfmpegSayWhatToInstall() throws Exception {
        Path mp3 = Files.write(dir.resolve("song.mp3"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> noFfmpeg.read(mp3));
        assertTrue(e.getMessage().contains("song.mp3") && e.getMessage().contains("apt-get install ffmpeg"), e.getMessage());
    }

    /**
     * The ffmpeg path with a stand-in "ffmpeg" that records its arguments and writes an AU
     * stream of unknown length (as real ffmpeg does on a pipe): the samples arrive at the
     * stream's own rate and channels, and a file name with shell metacharacters is passed
     * as one argument, untouched.
     */
    @Test
    void ffmpegOutputIsReadAtItsOwnRateAndChannels() throws Exception {
        float[][] x = WavWriterTest.signal(2, 2_000, 5);
        AudioFormat s32 = new AudioFormat(44_100, 32, 2, true, true);
        byte[] pcm = new byte[2_000 * 8];
        new PcmCodec(s32).encode(x, 0, pcm, 0, 2_000);
        byte[] header = java.nio.ByteBuffer.allocate(24).putInt(0x2e736e64).putInt(24).putInt(0xffffffff)
                .putInt(5).putInt(44_100).putInt(2).array(); // .snd, data offset, unknown size, linear 32, rate, channels
        Path au = dir.resolve("stream.au");
        Files.write(au, concat(header, pcm));
        Path args = dir.resolve("args.txt");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("ffmpeg");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + args + "'\nexec cat '" + au + "'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path odd = Files.write(dir.resolve("a \"$b`c\\d.flac"), new byte[] {0});

        AudioFileReader.Decoded d = new AudioFileReader(new FfmpegDecoder(bin.toString())).read(odd);
        assertEquals("ffmpeg", d.decodedBy());
        assertEquals(44_100f, d.sampleRate());
        assertEquals(2, d.channels().length);
        assertEquals(2_000, d.frames());
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 2_000; i++) {
                assertEquals(x[c][i], d.channels()[c][i], 1e-9, "channel " + c + " frame " + i);
            }
        }
        assertTrue(Files.readAllLines(args, StandardCharsets.UTF_8).contains(odd.toAbsolutePath().toString()),
                Files.readString(args));
    }

    @Test
    void ffmpegThatProducesNothingIsAnErrorNamingTheFile() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("ffmpeg");
        Files.writeString(fake, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path ogg = Files.write(dir.resolve("broken.ogg"), new byte[] {0});
        IOException e = assertThrows(IOException.class,
                () -> new AudioFileReader(new FfmpegDecoder(bin.toString())).read(ogg));
        assertTrue(e.getMessage().contains("broken.ogg"), e.getMessage());
    }

    @Test
    void loaderMixesToMonoAndResamples() throws Exception {
        float[][] x = {{0.5f, 0.25f, -1f, 0f}, {0.25f, 0.25f, 1f, -0.5f}};
        Path f = dir.resolve("st.wav");
        WavWriter.write(f, x, 16_000, WavWriter.Format.FLOAT_32);
        AudioLoader.Audio a = new AudioLoader(noFfmpeg).load(f, 16_000);
        assertArrayEquals(new float[] {0.375f, 0.25f, 0f, -0.25f}, a.mono());
        assertEquals(2, a.sourceChannels());
        assertEquals(16_000, a.sourceRate());
        AudioLoader.Audio up = new AudioLoader(noFfmpeg).load(f, 32_000);
        assertEquals(8, up.mono().length);
        assertEquals(32_000, up.sampleRate());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
