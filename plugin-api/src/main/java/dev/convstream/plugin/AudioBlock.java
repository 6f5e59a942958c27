package dev.convstream.plugin;

/**
 * A view of planar float audio that a plugin processes in place: {@code channels} arrays, of
 * which frames {@code [offset, offset + frames)} are the block.
 *
 * <p>The view is mutable on purpose: a host creates one {@code AudioBlock} in
 * {@code prepare} and re-points it at its buffers with {@link #set} before every
 * {@code process} call, so running audio allocates nothing. The offset lets a host hand over
 * part of a larger buffer (a sub-block, or the new hop of an overlapping TarsosDSP buffer)
 * without copying.
 *
 * <p>A plugin must not keep a reference to the block or its arrays after {@code process}
 * returns. The view is not thread-safe: it belongs to the audio thread.
 */
public final class AudioBlock {

    private float[][] channels;
    private int offset;
    private int frames;

    /**
     * An empty view (no channels, no frames); create it in {@code prepare} and point it at
     * audio with {@link #set}. [main-thread]
     */
    public AudioBlock() {
        this.channels = new float[0][];
    }

    /**
     * A view of the first {@code frames} samples of each array; allocates, so hosts call it
     * in {@code prepare}, not per block. [main-thread]
     *
     * @throws IllegalArgumentException as {@link #set}
     */
    public static AudioBlock wrap(float[][] channels, int frames) {
        return new AudioBlock().set(channels, 0, frames);
    }

    /**
     * Re-points this view; allocates nothing. [audio-thread]
     *
     * @param channels one array per channel, each with at least {@code offset + frames} samples
     * @param offset   index of the first frame of the block in every channel array
     * @param frames   number of frames, may be 0
     * @return this view
     * @throws IllegalArgumentException naming the channel or bound at fault
     */
    public AudioBlock set(float[][] channels, int offset, int frames) {
        if (channels == null) {
            throw new IllegalArgumentException("channels must not be null");
        }
        if (offset < 0 || frames < 0) {
            throw new IllegalArgumentException(
                    "offset and frames must be >= 0, found offset=" + offset + " frames=" + frames);
        }
        for (int c = 0; c < channels.length; c++) {
            float[] ch = channels[c];
            if (ch == null || ch.length < offset + frames) {
                throw new IllegalArgumentException("channel " + c + " must hold offset+frames="
                        + (offset + frames) + " samples, found "
                        + (ch == null ? "null" : ch.length + " samples"));
            }
        }
        this.channels = channels;
        this.offset = offset;
        this.frames = frames;
        return this;
    }

    /** Number of channels. [audio-thread] */
    public int channelCount() {
        return channels.length;
    }

    /** Number of frames in the block. [audio-thread] */
    public int frames() {
        return frames;
    }

    /** Index of the block's first frame in each {@link #channel} array. [audio-thread] */
    public int offset() {
        return offset;
    }

    /**
     * The backing array of channel {@code c}; the block is {@code [offset(), offset() + frames())}
     * of it. [audio-thread]
     */
    public float[] channel(int c) {
        return channels[c];
    }
}
