package dev.convstream.host;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ProcessSpec;

/**
 * A TarsosDSP {@link AudioProcessor} that runs a plugin (usually a chain) in place on a
 * dispatcher's mono float buffer, so convstream plugins drop into an existing TarsosDSP
 * pipeline; processors added after it see processed audio.
 *
 * <p>Overlap: a dispatcher with overlap hands each buffer to its processors with the last
 * {@code overlap} samples of the previous buffer at the front (TarsosDSP copies them from the
 * buffer its processors modified, so they are already processed). Only the new samples
 * {@code [overlap, length)} go through the plugin: every input sample is processed exactly once,
 * in order, and stateful plugins see one continuous stream. Buffers longer than the prepared
 * block size (the dispatcher's first buffer has no overlap) are processed in several blocks.
 *
 * <p>Lifecycle: the caller calls {@link #prepare()} once, before the dispatcher runs (and, live,
 * before opening the audio devices: preparing builds resources and warms the JIT, which can
 * take seconds), and closes the plugin when done; this processor owns nothing.
 */
public final class ChainAudioProcessor implements AudioProcessor {

    private final AudioPlugin plugin;
    private final ProcessSpec spec;
    private final int maxBlockSize;
    private boolean prepared;
    private final float[][] channels = new float[1][];
    private final AudioBlock view = new AudioBlock();

    /**
     * Runs {@code plugin} on mono at {@code sampleRate} with blocks of up to
     * {@code maxBlockSize} (use the dispatcher's buffer size), once {@link #prepare()}d.
     * Does no work: cheap on any thread.
     */
    public ChainAudioProcessor(AudioPlugin plugin, float sampleRate, int maxBlockSize) {
        this.plugin = plugin;
        this.spec = new ProcessSpec(sampleRate, maxBlockSize, 1);
        this.maxBlockSize = maxBlockSize;
    }

    /**
     * Prepares the plugin for this processor's spec. [main-thread, before the dispatcher runs;
     * may take seconds]
     *
     * @return this, to add to a dispatcher in one expression
     * @throws ResourceException when the plugin cannot run at this spec (e.g. a model trained
     *                           at another sample rate)
     */
    public ChainAudioProcessor prepare() {
        ResourceException.prepare(plugin, spec);
        prepared = true;
        return this;
    }

    /**
     * Processes the new samples of the event's buffer in place. [audio-thread]
     *
     * @throws IllegalStateException when {@link #prepare()} was not called
     */
    @Override
    public boolean process(AudioEvent audioEvent) {
        if (!prepared) {
            throw new IllegalStateException("ChainAudioProcessor.prepare() must be called before the dispatcher runs");
        }
        float[] buffer = audioEvent.getFloatBuffer();
        channels[0] = buffer;
        int start = Math.min(audioEvent.getOverlap(), buffer.length);
        for (int pos = start; pos < buffer.length; pos += maxBlockSize) {
            int n = Math.min(maxBlockSize, buffer.length - pos);
            plugin.process(view.set(channels, pos, n));
        }
        return true;
    }

    /** Nothing to release: the plugin belongs to the caller. */
    @Override
    public void processingFinished() {
    }
}
