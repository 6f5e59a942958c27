package dev.convstream.audio;

import javax.sound.sampled.AudioFormat;

/**
 * Converts between interleaved PCM bytes and planar floats in {@code [-1, 1]} for one
 * {@link AudioFormat}: signed 8/16/24/32-bit and unsigned 8-bit integers in either byte order,
 * 32/64-bit floats. Encoding clips to full scale (Java Sound's own float converters wrap
 * around on overflow, which turns a loud peak into a full-scale click) and rounds to nearest.
 * Allocation-free, so the live path can use it per block.
 */
public final class PcmCodec {

    private final AudioFormat.Encoding encoding;
    private final int bytesPerSample;
    private final int channels;
    private final boolean bigEndian;

    /**
     * @throws IllegalArgumentException naming the encoding and sample size when unsupported
     */
    public PcmCodec(AudioFormat format) {
        this.encoding = format.getEncoding();
        this.bytesPerSample = (format.getSampleSizeInBits() + 7) / 8;
        this.channels = format.getChannels();
        this.bigEndian = format.isBigEndian();
        boolean ok = (encoding.equals(AudioFormat.Encoding.PCM_SIGNED) && bytesPerSample >= 1 && bytesPerSample <= 4)
                || (encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED) && bytesPerSample == 1)
                || (encoding.equals(AudioFormat.Encoding.PCM_FLOAT) && (bytesPerSample == 4 || bytesPerSample == 8));
        if (!ok || format.getFrameSize() != bytesPerSample * channels) {
            throw new IllegalArgumentException("unsupported sample format " + format
                    + ": expected PCM_SIGNED 8/16/24/32-bit, PCM_UNSIGNED 8-bit or PCM_FLOAT 32/64-bit");
        }
    }

    /** Bytes per frame (all channels). */
    public int frameSize() {
        return bytesPerSample * channels;
    }

    /** Number of interleaved channels. */
    public int channels() {
        return channels;
    }

    /** Decodes {@code frames} frames from {@code in[inOff..]} into {@code out[c][outOff..]}. */
    public void decode(byte[] in, int inOff, float[][] out, int outOff, int frames) {
        int p = inOff;
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                out[c][outOff + i] = decodeSample(in, p);
                p += bytesPerSample;
            }
        }
    }

    /** Encodes {@code frames} frames of {@code in[c][inOff..]} into {@code out[outOff..]}, clipping. */
    public void encode(float[][] in, int inOff, byte[] out, int outOff, int frames) {
        int p = outOff;
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                encodeSample(in[c][inOff + i], out, p);
                p += bytesPerSample;
            }
        }
    }

    private float decodeSample(byte[] b, int p) {
        if (encoding.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            long bits = readBits(b, p);
            return bytesPerSample == 4 ? Float.intBitsToFloat((int) bits) : (float) Double.longBitsToDouble(bits);
        }
        if (encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
            return ((b[p] & 0xff) - 128) / 128f;
        }
        int bits = bytesPerSample * 8;
        long raw = readBits(b, p);
        long signed = (raw << (64 - bits)) >> (64 - bits);
        return (float) (signed / (double) (1L << (bits - 1)));
    }

    private void encodeSample(float x, byte[] b, int p) {
        if (encoding.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            writeBits(b, p, bytesPerSample == 4 ? Float.floatToIntBits(x) & 0xffffffffL
                    : Double.doubleToLongBits(x));
            return;
        }
        float clipped = Float.isNaN(x) ? 0f : Math.max(-1f, Math.min(1f, x));
        if (encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
            b[p] = (byte) (Math.min(255, Math.round(clipped * 128f) + 128));
            return;
        }
        long full = (1L << (bytesPerSample * 8 - 1));
        long v = Math.min(full - 1, Math.round(clipped * (double) full));
        writeBits(b, p, v);
    }

    private long readBits(byte[] b, int p) {
        long v = 0;
        for (int k = 0; k < bytesPerSample; k++) {
            int idx = bigEndian ? p + k : p + bytesPerSample - 1 - k;
            v = (v << 8) | (b[idx] & 0xff);
        }
        return v;
    }

    private void writeBits(byte[] b, int p, long v) {
        for (int k = 0; k < bytesPerSample; k++) {
            int idx = bigEndian ? p + bytesPerSample - 1 - k : p + k;
            b[idx] = (byte) (v >>> (8 * k));
        }
    }
}
