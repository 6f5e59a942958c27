package dev.convstream.live;

/**
 * A level meter with peak hold and fall-off, as on a mixing desk: the audio thread feeds it
 * each block, any thread reads the level. The fall-off (20 dB per second) is applied on the
 * audio thread, so reading has no side effect and any number of readers (status line, control
 * panel) see the same value.
 */
public final class PeakMeter {

    private static final double FALL_DB_PER_SECOND = 20;

    private volatile float level;
    private volatile long clipped;
    private float decayPerSample = 1;

    /** Sets the fall-off for {@code sampleRate} and clears the meter. [main-thread, audio stopped] */
    public void prepare(double sampleRate) {
        decayPerSample = (float) Math.pow(10, -FALL_DB_PER_SECOND / 20 / sampleRate);
        level = 0;
        clipped = 0;
    }

    /** Feeds frames {@code [offset, offset + frames)} of each channel. [audio-thread] */
    public void record(float[][] channels, int count, int offset, int frames) {
        float peak = 0;
        long over = 0;
        for (int c = 0; c < count; c++) {
            float[] x = channels[c];
            for (int i = offset, end = offset + frames; i < end; i++) {
                float a = Math.abs(x[i]);
                if (a > peak) {
                    peak = a;
                }
                if (a > 1f) {
                    over++;
                }
            }
        }
        float held = level * (float) Math.pow(decayPerSample, frames);
        level = Math.max(held, peak);
        if (over > 0) {
            clipped = clipped + over;
        }
    }

    /** Current peak level, linear full scale (1 = 0 dBFS). [thread-safe] */
    public float level() {
        return level;
    }

    /** Current peak level in dBFS, {@link Double#NEGATIVE_INFINITY} for silence. [thread-safe] */
    public double levelDb() {
        float l = level;
        return l > 0 ? 20 * Math.log10(l) : Double.NEGATIVE_INFINITY;
    }

    /** Samples above full scale since {@link #prepare}. [thread-safe] */
    public long clippedSamples() {
        return clipped;
    }
}
