package dev.convstream.host;

import static dev.convstream.host.FileProcessorTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.FfmpegDecoder;
import dev.convstream.plugin.PluginChain;
import dev.convstream.testing.NaiveConv;
import dev.convstream.testing.TestData;
import dev.convstream.testing.TestWav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of several channels through {@link FileProcessor}: channels kept, widened, or refused before audio. */
class FileChannelsTest {

    private static final int RATE = 48_000;
    private static final double LSB16 = 1.0 / 32768;

    private final ChainBuilder chains = TestPlugins.injector().getInstance(ChainBuilder.class);
    private final AudioFileReader reader = new AudioFileReader(new FfmpegDecoder(""));
    private final FileProcessor processor = new FileProcessor(reader);

    @TempDir
    Path dir;

    private Path wav16(String name, float[][] planar) throws Exception {
        return TestWav.write(dir.resolve(name), planar, new AudioFormat(RATE, 16, planar.length, true, false),
                AudioFileFormat.Type.WAVE);
    }

    /** A decaying noise response per channel, L1 norm below 0.84 so 0.8-peak input cannot clip. */
    private Path response(String name, int channels) throws Exception {
        Random r = new Random(11);
        float[][] h = new float[channels][60];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h[c].length; i++) {
                h[c][i] = (float) (0.08 * (r.nextDouble() * 2 - 1) * Math.exp(-i / 10.0));
            }
        }
        return wav16(name, h);
    }

    private float[][] process(Path in, String chain) throws Exception {
        Path out = dir.resolve("out-" + in.getFileName());
        try (PluginChain c = chains.build(chain)) {
            processor.process(in, out, c, 256);
        }
        return TestWav.read(out).samples();
    }

    /**
     * Per-channel plugins keep the channels apart: each output channel is exactly what the
     * channel alone, as a mono file, gives (same arithmetic, same 16-bit rounding).
     */
    @Test
    void stereoFileThroughAPerChannelChainEqualsEachChannelProcessedAlone() throws Exception {
        String chain = "gain(db=-6) -> dcblock(cutoff=20) -> convolver(ir=\"" + response("mono-ir.wav", 1) + "\")";
        float[][] input = TestData.pcm16Signal(2, 9_001, RATE);
        float[][] stereo = process(wav16("stereo.wav", input), chain);
        assertEquals(2, stereo.length);
        for (int c = 0; c < 2; c++) {
            float[][] alone = process(wav16("channel" + c + ".wav", new float[][] {input[c]}), chain);
            assertClose(alone, new float[][] {stereo[c]}, 0, "channel " + c + " vs the channel alone");
        }
    }

    /**
     * A mono file through a stereo response comes out stereo, channel c the input convolved with
     * response channel c (naive convolution in double of the 16-bit values the plugin reads).
     * Tolerance: half a 16-bit step of output rounding plus float arithmetic (5e-7 * ||h||_1 * max|x|
     * < 4e-7), so one 16-bit step.
     */
    @Test
    void monoFileThroughAStereoResponseGivesTwoChannelsEqualToTheTwoNaiveConvolutions() throws Exception {
        Path ir = response("stereo-ir.wav", 2);
        float[][] h = reader.read(ir).channels();
        float[] x = TestData.pcm16Signal(1, 7_000, RATE)[0];
        Path in = wav16("mono.wav", new float[][] {x});
        Path out = dir.resolve("stereo-out.wav");
        FileProcessor.Result r;
        try (PluginChain c = chains.build("convolver(ir=\"" + ir + "\", normalize=0) -> gain(db=0)")) {
            r = processor.process(in, out, c, 256);
        }
        assertEquals(1, r.channels());
        assertEquals(2, r.outputChannels());
        TestWav.Audio y = TestWav.read(out);
        assertEquals(2, y.format().getChannels());
        float[][] expected = new float[2][];
        for (int c = 0; c < 2; c++) {
            double[] full = NaiveConv.fir(h[c], x);
            expected[c] = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[c][i] = (float) full[i];
            }
        }
        assertClose(expected, y.samples(), LSB16, "mono through a stereo response");
    }

    @Test
    void fourChannelFileThroughGainKeepsItsFourChannels() throws Exception {
        float[][] input = TestData.pcm16Signal(4, 5_000, RATE);
        float[][] y = process(wav16("quad.wav", input), "gain(db=-6.0206)");
        float[][] half = new float[4][];
        for (int c = 0; c < 4; c++) {
            half[c] = input[c].clone();
            for (int i = 0; i < half[c].length; i++) {
                half[c][i] *= 0.5f;
            }
        }
        // -6.0206 dB is 0.5 within 1e-5 (relative); the output is rounded to 16 bits.
        assertClose(half, y, LSB16, "4 channels at -6 dB");
    }

    /** Refused before any audio: the message names the plugin, its position and why; no output is created. */
    @Test
    void aChainThatCannotTakeTheFilesChannelsFailsBeforeAudioNamingThePlugin() throws Exception {
        Path ir = response("stereo-ir.wav", 2);
        Path in = wav16("three.wav", TestData.pcm16Signal(3, 1_000, RATE));
        Path out = dir.resolve("never/out.wav");
        try (PluginChain c = chains.build("gain(db=-3) -> convolver(ir=\"" + ir + "\")")) {
            ResourceException e = assertThrows(ResourceException.class, () -> processor.process(in, out, c, 256));
            assertEquals("cannot run the chain on 3 channel(s): plugin 2 of the chain, 'convolver', cannot take 3"
                    + " channel(s) (the 3 that plugin 1 'gain' gives): it maps 1 -> 2 or 2 -> 2 (impulse response "
                    + ir + " has 2 channels)", e.getMessage());
        }
        assertFalse(Files.exists(out.getParent()), "no output, not even its folder");
    }

    /** Through the command: exit 1 (the chain is well formed, the stream does not fit it) with the plugin named. */
    @Test
    void theProcessCommandReportsAChainThatCannotTakeTheChannels() throws Exception {
        Path ir = response("stereo-ir.wav", 2);
        Path in = wav16("three.wav", TestData.pcm16Signal(3, 1_000, RATE));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        HostCommands commands = HostCommands.create(TestPlugins.injector(),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true,
                        java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(HostCommands.FAILED, commands.process(in, dir.resolve("out.wav"), "convolver(ir=\"" + ir + "\")", 256));
        String printed = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("'convolver', cannot take 3 channel(s)"), printed);
    }
}
