package dev.convstream.examples;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;
import com.google.inject.Injector;
import dev.convstream.host.ChainAudioProcessor;
import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostInjector;
import dev.convstream.plugin.PluginChain;
import java.util.Arrays;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Example: a convstream plugin chain inside an existing TarsosDSP pipeline. The chain is one
 * more {@link AudioProcessor}; processors added after it (here a collector, in your code a
 * pitch detector, an onset detector, a writer) see the processed audio.
 *
 * <p>Stereo (or any channel count): TarsosDSP buffers of several channels are interleaved, and
 * TarsosDSP 2.4.1's dispatcher skips frames of a multi-channel format, so the interleaved
 * samples go to the dispatcher as one mono stream, with a buffer of whole frames, and
 * {@link ChainAudioProcessor} is told the real channel count.
 */
public final class EmbedInTarsos {

    private EmbedInTarsos() {
    }

    /** Runs mono {@code audio} through {@code chain} (e.g. "gain(db=-6) -> dcblock()") in a TarsosDSP dispatcher. */
    public static float[] process(float[] audio, int sampleRate, String chain) throws UnsupportedAudioFileException {
        return process(new float[][] {audio}, sampleRate, chain)[0];
    }

    /**
     * Runs {@code channels} (planar: one array per channel, e.g. left and right) through
     * {@code chain} in a TarsosDSP dispatcher; every channel keeps its own plugin state.
     */
    public static float[][] process(float[][] channels, int sampleRate, String chain) throws UnsupportedAudioFileException {
        int frames = 1024;
        int n = channels.length;
        float[] interleaved = new float[n * channels[0].length];
        for (int i = 0; i < channels[0].length; i++) {
            for (int c = 0; c < n; c++) {
                interleaved[i * n + c] = channels[c][i];
            }
        }
        Injector injector = HostInjector.create(); // every plugin on the class path
        try (PluginChain plugins = injector.getInstance(ChainBuilder.class).build(chain)) {
            // n channels of 1024 frames as one stream of n * 1024 samples (see the class comment)
            AudioDispatcher dispatcher = AudioDispatcherFactory.fromFloatArray(interleaved, sampleRate, n * frames, 0);
            // prepare() before the dispatcher runs: it builds resources and warms the JIT (seconds, for a model)
            dispatcher.addAudioProcessor(new ChainAudioProcessor(plugins, sampleRate, frames, n).prepare());
            Collector collected = new Collector(interleaved.length);
            dispatcher.addAudioProcessor(collected);
            dispatcher.run(); // on this thread; new Thread(dispatcher).start() for live input
            float[] out = collected.samples();
            float[][] planar = new float[n][out.length / n];
            for (int i = 0; i < planar[0].length; i++) {
                for (int c = 0; c < n; c++) {
                    planar[c][i] = out[i * n + c];
                }
            }
            return planar;
        }
    }

    /** Keeps what it is given: the processed stream, trimmed to the input's length. */
    static final class Collector implements AudioProcessor {
        private final float[] samples;
        private int filled;

        Collector(int length) {
            samples = new float[length];
        }

        @Override
        public boolean process(AudioEvent event) {
            float[] b = event.getFloatBuffer();
            int from = event.getOverlap();
            int n = Math.min(b.length - from, samples.length - filled); // the last buffer is zero-padded
            System.arraycopy(b, from, samples, filled, n);
            filled += n;
            return true;
        }

        @Override
        public void processingFinished() {
        }

        float[] samples() {
            return Arrays.copyOf(samples, filled);
        }
    }
}
