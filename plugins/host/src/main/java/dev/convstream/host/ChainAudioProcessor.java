package dev.convstream.host;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ChannelPlan;

/**
 * A TarsosDSP {@link AudioProcessor} that runs a plugin (usually a chain) in place on a
 * dispatcher's float buffer, so convstream plugins drop into an existing TarsosDSP pipeline;
 * processors added after it see processed audio.
 *
 * <p>Channels: a TarsosDSP buffer of a multi-channel stream is interleaved (frame by frame, as
 * TarsosDSP's own {@code MultichannelToMono} reads it), and its overlap counts samples. A mono
 * buffer is processed in place without a copy; a buffer of N channels is split into N planar
 * blocks (buffers allocated in {@link #prepare()}), processed, and interleaved back. The chain
 * must give as many channels as it takes ({@link ChannelPlan}): a TarsosDSP buffer keeps its
 * format's channel count, so a chain that makes a mono stream stereo is refused by
 * {@link #prepare()}.
 *
 * <p>TarsosDSP 2.4.1's {@code AudioDispatcher} reads multi-channel streams wrongly: its float
 * buffer holds {@code bufferSize} samples ({@code bufferSize / N} frames) while it consumes
 * {@code bufferSize} frames of bytes per buffer, so it skips frames. To run N channels through a
 * dispatcher, give it the interleaved samples as a mono stream (a buffer size and overlap that
 * are multiples of N) and this processor the real rate and channel count, as
 * {@code examples/EmbedInTarsos} does.
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
    private final float sampleRate;
    private final int maxBlockSize;
    private final int channelCount;
    private boolean prepared;
    private final float[][] channels;
    private final AudioBlock view = new AudioBlock();

    /**
     * Runs {@code plugin} on mono at {@code sampleRate} with blocks of up to
     * {@code maxBlockSize} (use the dispatcher's buffer size), once {@link #prepare()}d.
     * Does no work: cheap on any thread.
     */
    public ChainAudioProcessor(AudioPlugin plugin, float sampleRate, int maxBlockSize) {
        this(plugin, sampleRate, maxBlockSize, 1);
    }

    /**
     * Runs {@code plugin} on interleaved buffers of {@code channels} channels at
     * {@code sampleRate}, with blocks of up to {@code maxBlockSize} frames, once
     * {@link #prepare()}d. Does no work: cheap on any thread.
     *
     * @throws IllegalArgumentException when {@code channels} or {@code maxBlockSize} is below 1
     */
    public ChainAudioProcessor(AudioPlugin plugin, float sampleRate, int maxBlockSize, int channels) {
        dev.convstream.check.Require.atLeastOne("channels", channels);
        dev.convstream.check.Require.atLeastOne("maxBlockSize", maxBlockSize);
        this.plugin = plugin;
        this.sampleRate = sampleRate;
        this.maxBlockSize = maxBlockSize;
        this.channelCount = channels;
        this.channels = new float[channels][];
    }

    /**
     * Prepares the plugin for this processor's rate, block size and channels. [main-thread,
     * before the dispatcher runs; may take seconds]
     *
     * @return this, to add to a dispatcher in one expression
     * @throws ResourceException when the plugin cannot run at this spec (e.g. a model trained
     *                           at another sample rate), or gives another channel count than it
     *                           takes, naming the plugin; nothing is prepared then
     */
    public ChainAudioProcessor prepare() {
        ChannelPlan plan = ResourceException.plan(plugin, channelCount);
        if (plan.outputChannels() != channelCount) {
            throw new ResourceException("cannot run the chain in a TarsosDSP pipeline of " + channelCount
                    + " channel(s): it gives " + plan.outputChannels() + " (" + plan.describe()
                    + "), and a TarsosDSP buffer keeps its format's channel count", null);
        }
        ResourceException.prepare(plugin, plan.spec(sampleRate, maxBlockSize));
        if (channelCount > 1) {
            for (int c = 0; c < channelCount; c++) {
                channels[c] = new float[maxBlockSize];
            }
        }
        prepared = true;
        return this;
    }

    /**
     * Processes the new samples of the event's buffer in place. [audio-thread]
     *
     * @throws IllegalStateException    when {@link #prepare()} was not called
     * @throws IllegalArgumentException when the buffer or its overlap is not whole frames
     */
    @Override
    public boolean process(AudioEvent audioEvent) {
        if (!prepared) {
            throw new IllegalStateException("ChainAudioProcessor.prepare() must be called before the dispatcher runs");
        }
        float[] buffer = audioEvent.getFloatBuffer();
        int start = Math.min(audioEvent.getOverlap(), buffer.length);
        if (channelCount == 1) {
            channels[0] = buffer;
            for (int pos = start; pos < buffer.length; pos += maxBlockSize) {
                int n = Math.min(maxBlockSize, buffer.length - pos);
                plugin.process(view.set(channels, pos, n));
            }
            return true;
        }
        if (buffer.length % channelCount != 0 || start % channelCount != 0) {
            throw new IllegalArgumentException("a TarsosDSP buffer of " + channelCount + " interleaved channels must hold"
                    + " whole frames: length " + buffer.length + ", overlap " + start);
        }
        int frames = buffer.length / channelCount;
        for (int pos = start / channelCount; pos < frames; pos += maxBlockSize) {
            int n = Math.min(maxBlockSize, frames - pos);
            processInterleaved(buffer, pos, n);
        }
        return true;
    }

    /** Frames {@code [first, first + n)} of the interleaved buffer through the plugin, via the planar buffers. */
    private void processInterleaved(float[] buffer, int first, int n) {
        int k = channelCount;
        for (int c = 0; c < k; c++) {
            float[] ch = channels[c];
            for (int i = 0, s = first * k + c; i < n; i++, s += k) {
                ch[i] = buffer[s];
            }
        }
        plugin.process(view.set(channels, 0, n));
        for (int c = 0; c < k; c++) {
            float[] ch = channels[c];
            for (int i = 0, s = first * k + c; i < n; i++, s += k) {
                buffer[s] = ch[i];
            }
        }
    }

    /** Nothing to release: the plugin belongs to the caller. */
    @Override
    public void processingFinished() {
    }
}
