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
 */
public final class EmbedInTarsos {

    private EmbedInTarsos() {
    }

    /** Runs {@code audio} through {@code chain} (e.g. "gain(db=-6) -> dcblock()") in a TarsosDSP dispatcher. */
    public static float[] process(float[] audio, int sampleRate, String chain) throws UnsupportedAudioFileException {
        int buffer = 1024;
        Injector injector = HostInjector.create(); // every plugin on the class path
        try (PluginChain plugins = injector.getInstance(ChainBuilder.class).build(chain)) {
            AudioDispatcher dispatcher = AudioDispatcherFactory.fromFloatArray(audio, sampleRate, buffer, 0);
            // prepare() before the dispatcher runs: it builds resources and warms the JIT (seconds, for a model)
            dispatcher.addAudioProcessor(new ChainAudioProcessor(plugins, sampleRate, buffer).prepare());
            Collector collected = new Collector(audio.length);
            dispatcher.addAudioProcessor(collected);
            dispatcher.run(); // on this thread; new Thread(dispatcher).start() for live input
            return collected.samples();
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
