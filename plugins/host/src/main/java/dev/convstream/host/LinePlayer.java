package dev.convstream.host;

import be.tarsos.dsp.AudioEvent;
import dev.convstream.audio.PcmCodec;
import be.tarsos.dsp.AudioProcessor;
import javax.sound.sampled.SourceDataLine;

/**
 * The last processor of a live pipeline: writes the new samples of each buffer to a playback
 * line. Used instead of TarsosDSP's {@code AudioPlayer} because that one can only open the
 * default device and converts float to 16-bit without clipping (an over-full-scale sample
 * wraps around into a loud click); this one encodes with {@link PcmCodec}, which clips, and
 * allocates nothing per buffer.
 */
final class LinePlayer implements AudioProcessor {

    private final SourceDataLine line;
    private final PcmCodec codec;
    private final float[][] channels = new float[1][];
    private final byte[] bytes;

    private int prefillFrames;

    /**
     * @param prefillFrames silence written before the first buffer: headroom so that capture
     *                      jitter does not immediately underrun playback (adds that much latency)
     */
    LinePlayer(SourceDataLine line, int maxBufferFrames, int prefillFrames) {
        this.line = line;
        this.codec = new PcmCodec(line.getFormat());
        this.bytes = new byte[Math.max(maxBufferFrames, prefillFrames) * codec.frameSize()];
        this.prefillFrames = prefillFrames;
    }

    @Override
    public boolean process(AudioEvent audioEvent) {
        if (prefillFrames > 0) {
            java.util.Arrays.fill(bytes, (byte) 0);
            line.write(bytes, 0, prefillFrames * codec.frameSize());
            prefillFrames = 0;
        }
        float[] buffer = audioEvent.getFloatBuffer();
        int start = Math.min(audioEvent.getOverlap(), buffer.length);
        int frames = buffer.length - start;
        channels[0] = buffer;
        codec.encode(channels, start, bytes, 0, frames);
        line.write(bytes, 0, frames * codec.frameSize());
        return true;
    }

    /** Stops and closes the line without draining, so stopping is immediate. */
    @Override
    public void processingFinished() {
        line.stop();
        line.flush();
        line.close();
    }
}
