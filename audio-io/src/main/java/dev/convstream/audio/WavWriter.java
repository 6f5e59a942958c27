package dev.convstream.audio;

import dev.convstream.check.Failures;
import dev.convstream.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;

/**
 * Writes a WAV file block by block, in constant memory, through {@link AtomicFiles}: the file
 * appears under its name only when {@link #finish()} completes, so a failed or killed run
 * leaves no partial WAV behind. The one WAV writer of convstream.
 *
 * <p>Samples are planar floats; integer formats clip at full scale and round to nearest
 * ({@link PcmCodec}), NaN is written as 0. Not thread-safe.
 */
public final class WavWriter implements AutoCloseable {

    /** Sample formats a WAV file is written in. */
    public enum Format {
        PCM_16(16, false), PCM_24(24, false), PCM_32(32, false), FLOAT_32(32, true);

        private final int bits;
        private final boolean floating;

        Format(int bits, boolean floating) {
            this.bits = bits;
            this.floating = floating;
        }

        /** Bits per sample. */
        public int bits() {
            return bits;
        }

        AudioFormat audioFormat(float rate, int channels) {
            return floating
                    ? new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, rate, bits, channels, bits / 8 * channels, rate, false)
                    : new AudioFormat(rate, bits, channels, true, false);
        }
    }

    private static final int HEADER = 44;
    private static final int BLOCK = 4096;
    private static final long MAX_DATA = 0xFFFF_FFFFL - HEADER;

    private final AtomicFiles.Pending file;
    private final Format format;
    private final int channels;
    private final float sampleRate;
    private final PcmCodec codec;
    private final ByteBuffer buffer;
    private long dataBytes;
    private boolean finished;

    /**
     * Starts {@code path} (written under a temporary name until {@link #finish()}).
     *
     * @throws IllegalArgumentException for a rate or channel count no WAV file can hold
     * @throws IOException              naming the path when it cannot be created
     */
    public WavWriter(Path path, float sampleRate, int channels, Format format) throws IOException {
        if (!(sampleRate >= 1) || sampleRate > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(path + ": sample rate " + sampleRate + " Hz cannot be written to WAV");
        }
        if (channels < 1 || channels > 65535) {
            throw new IllegalArgumentException(path + ": " + channels + " channels cannot be written to WAV (1 to 65535)");
        }
        if ((long) Math.round(sampleRate) * (format.bits() / 8) * channels > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(path + ": " + channels + " channels at " + sampleRate
                    + " Hz is more bytes per second than a WAV header holds");
        }
        this.format = format;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.codec = new PcmCodec(format.audioFormat(sampleRate, channels));
        this.buffer = ByteBuffer.allocate(BLOCK * codec.frameSize()).order(ByteOrder.LITTLE_ENDIAN);
        this.file = AtomicFiles.create(path);
        writeFully(header(0), 0);
    }

    /** Writes {@code planar[c][offset .. offset + frames)} for every channel. */
    public void write(float[][] planar, int offset, int frames) throws IOException {
        if (planar.length != channels) {
            throw new IllegalArgumentException("expected " + channels + " channels, found " + planar.length);
        }
        for (int done = 0; done < frames; ) {
            int n = Math.min(BLOCK, frames - done);
            codec.encode(planar, offset + done, buffer.array(), 0, n);
            int bytes = n * codec.frameSize();
            if (dataBytes + bytes > MAX_DATA) {
                throw new IOException(file.target() + ": more than 4 GiB of samples, the most a WAV file holds");
            }
            writeFully(ByteBuffer.wrap(buffer.array(), 0, bytes), HEADER + dataBytes);
            dataBytes += bytes;
            done += n;
        }
    }

    /** Completes the header and puts the file under its name. */
    public void finish() throws IOException {
        writeFully(header(dataBytes), 0);
        file.commit();
        finished = true;
    }

    /** Frames written so far. */
    public long frames() {
        return dataBytes / codec.frameSize();
    }

    /** Abandons the file unless {@link #finish()} completed: nothing is left under its name. */
    @Override
    public void close() throws IOException {
        file.close();
    }

    /** Writes a whole signal: {@code planar[c]} for every channel, all of one length. */
    public static void write(Path path, float[][] planar, float sampleRate, Format format) throws IOException {
        try (WavWriter w = new WavWriter(path, sampleRate, planar.length, format)) {
            w.write(planar, 0, planar[0].length);
            w.finish();
        }
    }

    private ByteBuffer header(long data) {
        int bytesPerSample = format.bits() / 8;
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + data)).put(new byte[] {'W', 'A', 'V', 'E'});
        h.put(new byte[] {'f', 'm', 't', ' '}).putInt(16)
                .putShort((short) (format.floating ? 3 : 1))
                .putShort((short) channels)
                .putInt(Math.round(sampleRate))
                .putInt((int) ((long) Math.round(sampleRate) * bytesPerSample * channels))
                .putShort((short) (bytesPerSample * channels))
                .putShort((short) format.bits());
        h.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) data);
        return h.flip();
    }

    private void writeFully(ByteBuffer b, long position) throws IOException {
        try {
            while (b.hasRemaining()) {
                position += file.channel().write(b, position);
            }
        } catch (IOException e) {
            throw new IOException(file.target() + ": write failed: " + Failures.describe(e), e);
        }
    }
}
