package dev.convstream.features;

import dev.convstream.check.Require;
import dev.convstream.features.cnn.StreamingCnn;
import dev.convstream.features.dsp.Decibels;
import dev.convstream.features.dsp.MelFilterbank;
import dev.convstream.features.dsp.Stft;

/**
 * Live features, JDK only: audio blocks of any size in, one feature vector per STFT frame out,
 * as soon as the frame is complete.
 *
 * <h2>Framing (center=false)</h2>
 * A stream has no end to pad, so frames are hop-based exactly as a non-centred STFT:
 * frame t covers samples {@code [t*hop, t*hop + n_fft)} and is emitted when its last sample
 * arrives. The log-mel frame is then in dB against a fixed ref, bit-identical to
 * {@link LogMelSpectrogram} with {@code center=false} and no {@code top_db}. Clip-level
 * operations ({@code top_db}, per-band normalisation) need the whole clip and are rejected;
 * so is {@code center=true}.
 *
 * <h2>Output</h2>
 * With a {@link StreamingCnn}: its {@code [C]} vector per frame, equal to
 * {@link FeatureExtractor#forwardFrames} of the offline log-mel, delayed by
 * {@link #delayFrames()} frames (the CNN's time padding; zeros before). Without one: the
 * log-mel frame {@code [n_mels]} itself, delay 0. Frames are written frame-major,
 * {@link #featureSize()} values each.
 *
 * <p>Everything is allocated at construction; {@link #process} and {@link #reset} do not
 * allocate, lock or log. Not thread-safe: one audio thread.
 */
public final class StreamingFeatureExtractor {
    private final LogMelConfig config;
    private final Stft stft;
    private final MelFilterbank filterbank;
    private final Decibels decibels;
    private final StreamingCnn cnn;
    private final float[] ring;
    private final float[] power;
    private final float[] mel;
    private final int nFft;
    private final int hop;
    private int writePos;
    private long samples;

    /**
     * @param cnn the streaming CNN (its input must be 1 channel of {@code n_mels}), or null for
     *            log-mel frames only; this extractor prepares it (for single frames, as it steps
     *            it frame by frame) and owns its lifecycle from here
     */
    public StreamingFeatureExtractor(LogMelConfig config, StreamingCnn cnn) {
        Require.notNull("config", config);
        if (config.stft().center()) {
            throw new IllegalArgumentException("streaming needs center=false framing (a stream cannot be padded at its end)");
        }
        if (!Double.isNaN(config.topDb())) {
            throw new IllegalArgumentException("top_db clips against the clip's maximum, unknown to a stream: set top_db to NaN");
        }
        if (config.ref().max()) {
            throw new IllegalArgumentException("ref=max is the clip's maximum, unknown to a stream: give a fixed ref");
        }
        if (config.bandNormalization()) {
            throw new IllegalArgumentException("per-band normalisation uses clip statistics, unknown to a stream: disable it");
        }
        if (cnn != null && cnn.inputSize() != config.nMels()) {
            throw new IllegalArgumentException("the CNN takes frames of " + cnn.inputSize()
                    + " values, the front end gives n_mels = " + config.nMels() + " (1 channel)");
        }
        this.config = config;
        this.stft = new Stft(config.stft());
        this.filterbank = new MelFilterbank(config.sampleRate(), config.stft().nFft(), config.nMels(), config.fmin(),
                config.fmax(), config.melScale(), config.slaneyNorm());
        this.decibels = new Decibels(Decibels.Scale.forPower(config.stft().power()), config.amin(), config.ref(), Double.NaN);
        this.cnn = cnn;
        if (cnn != null) {
            cnn.prepare(1);
        }
        this.nFft = config.stft().nFft();
        this.hop = config.stft().hop();
        this.ring = new float[nFft];
        this.power = new float[config.stft().bins()];
        this.mel = new float[config.nMels()];
        reset();
    }

    public LogMelConfig config() {
        return config;
    }

    /** Values per emitted frame: the CNN's channels, or n_mels without a CNN. */
    public int featureSize() {
        return cnn == null ? config.nMels() : cnn.outputSize();
    }

    /** Frames by which the output lags the offline per-frame result (0 without a CNN). */
    public int delayFrames() {
        return cnn == null ? 0 : cnn.latency();
    }

    /** Latency in samples from a sample's arrival to the frame that first contains it being final: {@code n_fft - 1 + delay * hop}. */
    public long latencySamples() {
        return nFft - 1L + (long) delayFrames() * hop;
    }

    /** The most frames one call with {@code blockSize} samples can emit: {@code ceil(blockSize / hop)}. */
    public int maxFrames(int blockSize) {
        return (blockSize + hop - 1) / hop;
    }

    /** Back to the start of a signal: no samples, zero CNN history. */
    public void reset() {
        java.util.Arrays.fill(ring, 0f);
        writePos = 0;
        samples = 0;
        if (cnn != null) {
            cnn.reset();
        }
    }

    /**
     * Consumes {@code audio[off .. off+len)} and writes every frame it completes to
     * {@code out}, frame f at {@code out[outOff + f*featureSize() ..]}.
     *
     * @return frames written, at most {@link #maxFrames}(len)
     */
    public int process(float[] audio, int off, int len, float[] out, int outOff) {
        if (off < 0 || len < 0 || audio.length - off < len) {
            throw new IllegalArgumentException("audio block [" + off + ", " + off + "+" + len + ") outside an array of "
                    + audio.length);
        }
        int size = featureSize();
        if (out.length - outOff < (long) maxFrames(len) * size || outOff < 0) {
            throw new IllegalArgumentException("out needs room for " + maxFrames(len) + " frames of " + size
                    + " values from offset " + outOff + ", array has " + out.length);
        }
        int emitted = 0;
        for (int i = 0; i < len; i++) {
            ring[writePos] = audio[off + i];
            writePos = writePos + 1 == nFft ? 0 : writePos + 1;
            samples++;
            if (samples >= nFft && (samples - nFft) % hop == 0) {
                emitFrame(out, outOff + emitted * size);
                emitted++;
            }
        }
        return emitted;
    }

    private void emitFrame(float[] out, int at) {
        stft.frameFromRing(ring, writePos, power, 0, 1); // writePos is now the oldest sample
        filterbank.apply(power, 0, 1, mel, 0, 1);
        for (int m = 0; m < mel.length; m++) {
            mel[m] = decibels.toDb(mel[m]);
        }
        if (cnn == null) {
            System.arraycopy(mel, 0, out, at, mel.length);
        } else {
            cnn.step(mel, 0, out, at);
        }
    }
}
