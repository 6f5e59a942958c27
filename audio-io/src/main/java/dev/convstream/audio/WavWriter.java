package dev.convstream.audio;

import dev.convstream.check.Failures;
import dev.convstream.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sound.sampled.AudioFormat;

/**
 * Writes a WAV file block by block, in constant memory, through {@link AtomicFiles}: the file
 * appears under its name only when {@link #finish()} completes, so a failed or killed run
 * leaves no partial WAV behind. The one WAV writer of convstream.
 *
 * <p>Samples are planar floats; integer formats clip at full scale and round to nearest
 * ({@link PcmCodec}), NaN is written as 0. Text metadata, when given, goes into a
 * {@code LIST/INFO} chunk between {@code fmt } and {@code data} (where Java Sound, ffmpeg and
 * DAWs skip or read it); {@link WavInfo} reads it back. Not thread-safe.
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

    /** The header without metadata: RIFF, fmt and the data chunk's header. */
    private static final int BASE_HEADER = 44;
    private static final int BLOCK = 4096;
    /** Most characters of one metadata value (RIFF allows more; nothing convstream writes needs it). */
    public static final int MAX_INFO_VALUE = 4096;

    private final AtomicFiles.Pending file;
    private final Format format;
    private final int channels;
    private final float sampleRate;
    private final PcmCodec codec;
    private final ByteBuffer buffer;
    private final byte[] info;
    private long dataBytes;
    private boolean finished;

    /**
     * Starts {@code path} (written under a temporary name until {@link #finish()}).
     *
     * @throws IllegalArgumentException for a rate or channel count no WAV file can hold
     * @throws IOException              naming the path when it cannot be created
     */
    public WavWriter(Path path, float sampleRate, int channels, Format format) throws IOException {
        this(path, sampleRate, channels, format, Map.of());
    }

    /**
     * Starts {@code path} with text metadata in a {@code LIST/INFO} chunk: each key a four-letter
     * RIFF INFO id ({@code INAM} title, {@code ICMT} comment, {@code ISFT} software, ...), each value
     * printable ASCII of at most {@value #MAX_INFO_VALUE} characters, written in the map's order.
     *
     * @throws IllegalArgumentException for a rate or channel count no WAV file can hold, or
     *                                  metadata that is not INFO ids and ASCII text
     * @throws IOException              naming the path when it cannot be created
     */
    public WavWriter(Path path, float sampleRate, int channels, Format format, Map<String, String> info)
            throws IOException {
        this.info = infoChunk(path, info);
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
            if (dataBytes + bytes > 0xFFFF_FFFFL - header()) {
                throw new IOException(file.target() + ": more than 4 GiB of samples, the most a WAV file holds");
            }
            writeFully(ByteBuffer.wrap(buffer.array(), 0, bytes), header() + dataBytes);
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
        write(path, planar, sampleRate, format, Map.of());
    }

    /** Writes a whole signal with text metadata (see {@link #WavWriter(Path, float, int, Format, Map)}). */
    public static void write(Path path, float[][] planar, float sampleRate, Format format, Map<String, String> info)
            throws IOException {
        try (WavWriter w = new WavWriter(path, sampleRate, planar.length, format, info)) {
            w.write(planar, 0, planar[0].length);
            w.finish();
        }
    }

    /** Bytes before the first sample. */
    private int header() {
        return BASE_HEADER + info.length;
    }

    private ByteBuffer header(long data) {
        int bytesPerSample = format.bits() / 8;
        ByteBuffer h = ByteBuffer.allocate(header()).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (header() - 8 + data)).put(new byte[] {'W', 'A', 'V', 'E'});
        h.put(new byte[] {'f', 'm', 't', ' '}).putInt(16)
                .putShort((short) (format.floating ? 3 : 1))
                .putShort((short) channels)
                .putInt(Math.round(sampleRate))
                .putInt((int) ((long) Math.round(sampleRate) * bytesPerSample * channels))
                .putShort((short) (bytesPerSample * channels))
                .putShort((short) format.bits());
        h.put(info);
        h.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) data);
        return h.flip();
    }

    /** The whole LIST chunk (empty without metadata): ids, NUL-terminated values, each padded to an even size. */
    private static byte[] infoChunk(Path path, Map<String, String> info) {
        if (info.isEmpty()) {
            return new byte[0];
        }
        Map<String, byte[]> values = new LinkedHashMap<>();
        int size = 4; // "INFO"
        for (Map.Entry<String, String> e : info.entrySet()) {
            String id = e.getKey();
            if (id == null || !id.matches("[A-Z0-9]{4}")) {
                throw new IllegalArgumentException(path + ": WAV metadata id must be four letters or digits (INAM, ICMT, ...), found " + id);
            }
            String v = e.getValue();
            if (v == null || v.length() > MAX_INFO_VALUE || !v.matches("[\\x20-\\x7E]*")) {
                throw new IllegalArgumentException(path + ": WAV metadata " + id
                        + " must be printable ASCII of at most " + MAX_INFO_VALUE + " characters, found "
                        + (v == null ? "null" : v.length() + " characters"));
            }
            byte[] text = (v + "\0").getBytes(StandardCharsets.US_ASCII);
            values.put(id, text);
            size += 8 + text.length + (text.length & 1);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'L', 'I', 'S', 'T'}).putInt(size).put(new byte[] {'I', 'N', 'F', 'O'});
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            b.put(e.getKey().getBytes(StandardCharsets.US_ASCII)).putInt(e.getValue().length).put(e.getValue());
            if ((e.getValue().length & 1) == 1) {
                b.put((byte) 0);
            }
        }
        return b.array();
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
