package dev.convstream.host;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.FfmpegDecoder;
import dev.convstream.audio.PcmCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ProcessingMode;
import dev.convstream.plugin.contract.DelayPlugin;
import dev.convstream.testing.TestData;
import dev.convstream.testing.TestWav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProcessorTest {

    private static final int RATE = 48_000;
    private static final String CHAIN = "gain(db=-6) -> dcblock(cutoff=20)";
    /** One 16-bit step: the output is rounded to 16 bits, so it can differ from float by half of it. */
    private static final double LSB16 = 1.0 / 32768;

    private final ChainBuilder chains = TestPlugins.injector().getInstance(ChainBuilder.class);
    private final FileProcessor processor = new FileProcessor(new AudioFileReader(new FfmpegDecoder("")));

    @TempDir
    Path dir;

    @Test
    void stereoWavThroughAChainEqualsTheChainAppliedInOneBlock() throws Exception {
        float[][] input = TestData.pcm16Signal(2, 10_007, RATE);
        Path in = dir.resolve("in.wav");
        Path out = dir.resolve("out/processed.wav");
        TestWav.write(in, input, new AudioFormat(RATE, 16, 2, true, false), AudioFileFormat.Type.WAVE);

        FileProcessor.Result r;
        try (PluginChain chain = chains.build(CHAIN)) {
            r = processor.process(in, out, chain, 256);
        }
        assertEquals(10_007, r.frames());
        assertEquals("java-sound", r.decodedBy());

        TestWav.Audio result = TestWav.read(out);
        assertEquals(new AudioFormat(RATE, 16, 2, true, false).toString(), result.format().toString());
        assertClose(direct(input), result.samples(), LSB16, "file output vs one-block processing");
    }

    /** A file has no deadline: the plugin is prepared offline (and so skips live-only work such as the JIT warm-up). */
    @Test
    void thePluginIsPreparedOfflineForTheFilesFormat() throws Exception {
        Path in = dir.resolve("in.wav");
        TestWav.write(in, TestData.pcm16Signal(2, 1_000, RATE), new AudioFormat(RATE, 16, 2, true, false),
                AudioFileFormat.Type.WAVE);
        DelayPlugin delay = new DelayPlugin(3);
        try (delay) {
            processor.process(in, dir.resolve("out.wav"), delay, 64);
        }
        assertEquals(new ProcessSpec(RATE, 64, 2, 2, ProcessingMode.OFFLINE), delay.lastSpec());
    }

    @Test
    void latencyIsCompensatedSoOutputIsAlignedAndAsLongAsTheInput() throws Exception {
        float[][] input = TestData.pcm16Signal(1, 5_000, RATE);
        Path in = dir.resolve("in.wav");
        Path out = dir.resolve("out.wav");
        TestWav.write(in, input, new AudioFormat(RATE, 16, 1, true, false), AudioFileFormat.Type.WAVE);
        try (PluginChain chain = chains.build("delay -> gain(db=0)")) {
            FileProcessor.Result r = processor.process(in, out, chain, 64);
            assertEquals(TestPlugins.DELAY, r.latencyCompensated());
        }
        // 16-bit values survive float and back exactly: a pure delay, compensated, is the identity.
        assertClose(input, TestWav.read(out).samples(), 0, "delayed then compensated");
    }

    @Test
    void bigEndianAiffIn24BitsGivesA24BitWav() throws Exception {
        float[][] input = TestData.pcm16Signal(1, 3_000, RATE);
        Path in = dir.resolve("in.aiff");
        Path out = dir.resolve("out.wav");
        TestWav.write(in, input, new AudioFormat(RATE, 24, 1, true, true), AudioFileFormat.Type.AIFF);
        try (PluginChain chain = chains.build(CHAIN)) {
            processor.process(in, out, chain, 100);
        }
        TestWav.Audio result = TestWav.read(out);
        assertEquals(24, result.format().getSampleSizeInBits());
        assertClose(direct(input), result.samples(), 1.0 / (1 << 23), "24-bit output");
    }

    @Test
    void fullScaleOverflowIsClippedNotWrapped() throws Exception {
        float[][] input = {{0.9f, -0.9f, 0.5f}};
        Path in = dir.resolve("in.wav");
        Path out = dir.resolve("out.wav");
        TestWav.write(in, input, new AudioFormat(RATE, 16, 1, true, false), AudioFileFormat.Type.WAVE);
        try (PluginChain chain = chains.build("gain(db=12)")) {
            processor.process(in, out, chain, 64);
        }
        float[] y = TestWav.read(out).samples()[0];
        assertEquals(32767 / 32768f, y[0], 0);
        assertEquals(-1f, y[1], 0);
        assertEquals(1.99f, y[2] / 0.5f, 0.01); // 12 dB = x3.98 on 0.5 also clips: 1.99 = 0.99997 / 0.5
    }

    @Test
    void otherFormatsWithoutFfmpegFailSayingWhatToInstall() throws Exception {
        Path in = dir.resolve("song.mp3");
        Files.write(in, new byte[] {1, 2, 3});
        try (PluginChain chain = chains.build(CHAIN)) {
            IOException e = assertThrows(IOException.class,
                    () -> processor.process(in, dir.resolve("out.wav"), chain, 256));
            assertTrue(e.getMessage().contains("song.mp3") && e.getMessage().contains("ffmpeg")
                    && e.getMessage().contains("not found") && e.getMessage().contains("apt-get install ffmpeg"),
                    e.getMessage());
        }
    }

    @Test
    void missingInputFileIsNamed() throws Exception {
        try (PluginChain chain = chains.build(CHAIN)) {
            IOException e = assertThrows(IOException.class,
                    () -> processor.process(dir.resolve("nope.wav"), dir.resolve("out.wav"), chain, 256));
            assertTrue(e.getMessage().contains("nope.wav"), e.getMessage());
        }
    }

    @Test
    void anOutputThatIsTheInputIsRefusedAndTheInputKept() throws Exception {
        Path in = dir.resolve("x.wav");
        TestWav.write(in, TestData.pcm16Signal(1, 2_000, RATE), new AudioFormat(RATE, 16, 1, true, false), AudioFileFormat.Type.WAVE);
        byte[] before = Files.readAllBytes(in);
        try (PluginChain chain = chains.build("gain(db=-6)")) {
            IOException e = assertThrows(IOException.class,
                    () -> processor.process(in, dir.resolve(".").resolve("x.wav"), chain, 256));
            assertTrue(e.getMessage().contains("overwrite the input"), e.getMessage());
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(in));
    }

    /** A chain that throws half way leaves no output file (and no temporary). */
    @Test
    void aFailureHalfWayLeavesNoOutput() throws Exception {
        Path in = dir.resolve("in.wav");
        TestWav.write(in, TestData.pcm16Signal(1, 20_000, RATE), new AudioFormat(RATE, 16, 1, true, false), AudioFileFormat.Type.WAVE);
        Path out = dir.resolve("out/o.wav");
        try (PluginChain gain = chains.build("gain(db=0)")) {
            int[] blocks = {0};
            // The gain chain, except that its tenth block throws.
            AudioPlugin failing = (AudioPlugin) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {AudioPlugin.class}, (proxy, method, args) -> {
                        if (method.getName().equals("process") && ++blocks[0] == 10) {
                            throw new IllegalStateException("boom");
                        }
                        return method.invoke(gain, args);
                    });
            IOException e = assertThrows(IOException.class, () -> processor.process(in, out, failing, 256));
            // Nine blocks of 256 frames went through before the tenth threw.
            assertEquals(in + ": the chain failed at frame 2304: boom", e.getMessage());
            assertTrue(e.getCause() instanceof IllegalStateException, "cause: " + e.getCause());
        }
        try (java.util.stream.Stream<Path> left = Files.list(out.getParent())) {
            assertEquals(0, left.count(), "nothing under out/");
        }
    }

    /**
     * The ffmpeg path end to end, with a stand-in "ffmpeg" script that decodes with sox
     * (installed by virtual-audio.sh) to what real ffmpeg is asked for: AU with 32-bit signed
     * samples on stdout, at the file's own rate and channel count. Skipped when sox is missing.
     */
    @Test
    void otherFormatsGoThroughTheFfmpegPipe() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/sox")), "sox not installed: ffmpeg pipe test skipped");
        float[][] input = TestData.pcm16Signal(1, 4_800, RATE);
        Path wav = dir.resolve("src.wav");
        TestWav.write(wav, input, new AudioFormat(RATE, 16, 1, true, false), AudioFileFormat.Type.WAVE);
        Path flac = dir.resolve("song.flac");
        assertEquals(0, new ProcessBuilder("/usr/bin/sox", wav.toString(), flac.toString()).inheritIO().start().waitFor());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("ffmpeg");
        Files.writeString(fake, """
                #!/bin/sh
                # Stand-in for: ffmpeg ... -i IN ... -c:a pcm_s32be -f au pipe:1
                while [ $# -gt 0 ]; do
                  case "$1" in -i) in="$2"; shift;; esac; shift
                done
                exec /usr/bin/sox "$in" -t au -e signed -b 32 -
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path out = dir.resolve("out.wav");
        FileProcessor viaFfmpeg = new FileProcessor(new AudioFileReader(new FfmpegDecoder(bin.toString())));
        try (PluginChain chain = chains.build(CHAIN)) {
            FileProcessor.Result r = viaFfmpeg.process(flac, out, chain, 256);
            assertEquals("ffmpeg", r.decodedBy());
            assertEquals(4_800, r.frames());
        }
        assertClose(direct(input), TestWav.read(out).samples(), LSB16, "flac via the ffmpeg pipe");
    }

    /** The same with the real ffmpeg, when this machine has it (CI images usually do not). */
    @Test
    void realFfmpegDecodesAFileWhenInstalled() throws Exception {
        FfmpegDecoder real = FfmpegDecoder.fromEnvironment();
        assumeTrue(real.locate().isPresent(), "ffmpeg not on PATH: real-ffmpeg test skipped");
        float[][] input = TestData.pcm16Signal(1, 4_800, RATE);
        Path wav = dir.resolve("src.wav");
        TestWav.write(wav, input, new AudioFormat(RATE, 16, 1, true, false), AudioFileFormat.Type.WAVE);
        Path flac = dir.resolve("song.flac");
        Process enc = new ProcessBuilder(real.locate().get().toString(), "-loglevel", "quiet", "-i", wav.toString(),
                flac.toString()).inheritIO().start();
        assertEquals(0, enc.waitFor());
        Path out = dir.resolve("out.wav");
        try (PluginChain chain = chains.build(CHAIN)) {
            assertEquals("ffmpeg", new FileProcessor(new AudioFileReader(real)).process(flac, out, chain, 256).decodedBy());
        }
        assertClose(direct(input), TestWav.read(out).samples(), LSB16, "flac via the real ffmpeg");
    }

    private float[][] direct(float[][] input) {
        float[][] y = new float[input.length][];
        for (int c = 0; c < input.length; c++) {
            y[c] = input[c].clone();
        }
        try (AudioPlugin chain = chains.build(CHAIN)) {
            chain.prepare(new ProcessSpec(RATE, y[0].length, y.length));
            chain.process(AudioBlock.wrap(y, y[0].length));
        }
        return y;
    }

    static void assertClose(float[][] expected, float[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": channels");
        for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c].length, actual[c].length, what + ": frames in channel " + c);
            for (int i = 0; i < expected[c].length; i++) {
                if (Math.abs(expected[c][i] - actual[c][i]) > tol) {
                    throw new AssertionError(what + ": channel " + c + " frame " + i + " expected "
                            + expected[c][i] + " found " + actual[c][i] + " (tolerance " + tol + ")");
                }
            }
        }
    }

}
