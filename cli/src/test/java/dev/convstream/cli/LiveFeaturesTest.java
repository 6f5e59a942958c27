package dev.convstream.cli;

import dev.convstream.audio.AudioLoader;

import dev.convstream.batch.TestAudio;
import dev.convstream.batch.FeaturePipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convstream.features.FeatureExtractor;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.StreamingFeatureExtractor;
import dev.convstream.features.io.Npy;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.TestWav;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live path ({@link LiveFeatures#run}, the loop the microphone feeds) on a WAV file read
 * block by block, against offline extraction of the same file with the live framing
 * ({@code center=false}, no top_db).
 *
 * <p>Tolerances: log-mel frames are computed by the same STFT/mel/dB code on the same samples,
 * so they agree to float rounding (1e-5 dB). CNN frames: conv-core's streaming and offline
 * convolutions sum in different orders; 1e-4 on values of order 1.
 */
class LiveFeaturesTest {
    private static final int RATE = 16_000;

    private static LogMelConfig liveConfig(int mels) {
        return LogMelConfig.builder(RATE).nFft(512).hop(160).nMels(mels).center(false).topDb(Double.NaN).build();
    }

    private static Path stereoFile(Path dir) throws Exception {
        Path f = dir.resolve("live.wav");
        TestWav.write(f, TestAudio.signal(RATE, 2, 1.1, 3), RATE, 2, AudioFileFormat.Type.WAVE);
        return f;
    }

    private static FrameCollector stream(Path file, StreamingFeatureExtractor x, int block, long maxFrames) throws Exception {
        FrameCollector c = new FrameCollector();
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            new LiveFeatures(x, block).run(in, maxFrames, () -> false, c);
        }
        return c;
    }

    @Test
    void logMelStreamEqualsOfflineFrameForFrame(@TempDir Path dir) throws Exception {
        Path file = stereoFile(dir);
        FeaturePipeline.Result offline = FeaturePipeline.logMel(liveConfig(40))
                .compute(AudioLoader.fromEnvironment().load(file, RATE).mono());
        for (int block : new int[] {1, 160, 333, 4096}) {
            FrameCollector live = stream(file, new StreamingFeatureExtractor(liveConfig(40), null), block, 0);
            assertEquals(offline.shape()[0], live.frames(), "frames, block " + block);
            assertArrayEquals(offline.data(), live.values(), 1e-5f, "block " + block);
        }
    }

    @Test
    void cnnStreamEqualsOfflineDelayedByTheDeclaredFrames(@TempDir Path dir) throws Exception {
        Path file = stereoFile(dir);
        Path[] cnn = TestAudio.cnn(dir);
        FeatureExtractor fx = FeatureExtractor.load(cnn[0], cnn[1], Kernels.preferred());
        FeaturePipeline.Result offline = FeaturePipeline.withCnn(liveConfig(16), fx, FeaturePipeline.CnnOutput.FRAMES, "t")
                .compute(AudioLoader.fromEnvironment().load(file, RATE).mono());
        StreamingFeatureExtractor x = new StreamingFeatureExtractor(liveConfig(16), fx.streaming());
        int delay = x.delayFrames();
        assertEquals(1, delay, "the test CNN pads time by 1 frame after each frame");
        FrameCollector live = stream(file, x, 250, 0);
        int c = offline.shape()[1];
        float[] got = live.values();
        assertEquals(offline.shape()[0], live.frames());
        for (int i = delay; i < live.frames(); i++) {
            for (int k = 0; k < c; k++) {
                assertEquals(offline.data()[(i - delay) * c + k], got[i * c + k], 1e-4, "frame " + i + " channel " + k);
            }
        }
    }

    @Test
    void cliOfflineWithLiveFramingMatchesTheStream(@TempDir Path dir) throws Exception {
        Path file = stereoFile(dir);
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", file.toString(), "-o", dir.resolve("o").toString(),
                "--n-mels", "40", "--no-center", "--top-db", "none");
        assertEquals(0, r.code(), r.err());
        Tensor offline = Npy.read(dir.resolve("o/live.wav.npy"));
        FrameCollector live = stream(file, new StreamingFeatureExtractor(liveConfig(40), null), 512, 0);
        assertArrayEquals(new int[] {live.frames(), 40}, offline.shape());
        assertArrayEquals(offline.data(), live.values(), 1e-5f);
    }

    @Test
    void stopsAfterTheAskedFrames(@TempDir Path dir) throws Exception {
        Path file = stereoFile(dir);
        FrameCollector live = stream(file, new StreamingFeatureExtractor(liveConfig(40), null), 300, 8_000);
        assertEquals(1 + (8_000 - 512) / 160, live.frames());
        Path npy = dir.resolve("l.npy");
        live.writeNpy(npy, 40);
        assertArrayEquals(new int[] {live.frames(), 40}, Npy.read(npy).shape());
    }

    @Test
    void rejectsAStreamAtAnotherRate(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.wav");
        TestWav.write(f, TestAudio.signal(8_000, 1, 0.2, 1), 8_000, 1, AudioFileFormat.Type.WAVE);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(f.toFile())) {
            LiveFeatures l = new LiveFeatures(new StreamingFeatureExtractor(liveConfig(40), null), 256);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> l.run(in, 0, () -> false, new FrameCollector()));
            assertTrue(e.getMessage().contains("8000.0 Hz"), e.getMessage());
        }
    }

    /** On the virtual sound card (plugins/host/src/test/scripts/virtual-audio.sh): the CLI captures for half a second. */
    @Test
    void capturesFromTheVirtualMicrophone(@TempDir Path dir) throws Exception {
        assumeTrue("1".equals(System.getenv("CONVSTREAM_VIRTUAL_AUDIO")),
                "no virtual audio device: run plugins/host/src/test/scripts/virtual-audio.sh start and "
                        + "eval \"$(plugins/host/src/test/scripts/virtual-audio.sh env)\" first");
        Path out = dir.resolve("live.npy");
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", "--live", "--seconds", "0.5", "--n-mels", "40",
                "--live-out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new int[] {1 + (8_000 - 512) / 160, 40}, Npy.read(out).shape());
    }
}
