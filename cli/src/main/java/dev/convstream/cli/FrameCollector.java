package dev.convstream.cli;

import dev.convstream.features.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** A {@link LiveFeatures.FrameSink} keeping every frame, for writing a {@code [frames][size]} .npy at the end. */
public final class FrameCollector implements LiveFeatures.FrameSink {
    private float[] data = new float[1 << 14];
    private int frames;
    private int size = -1;

    @Override
    public void accept(long firstIndex, float[] f, int count, int size) {
        if (this.size < 0) {
            this.size = size;
        }
        int need = (frames + count) * size;
        if (need > data.length) {
            data = Arrays.copyOf(data, Math.max(need, 2 * data.length));
        }
        System.arraycopy(f, 0, data, frames * size, count * size);
        frames += count;
    }

    public int frames() {
        return frames;
    }

    /** The frames so far, {@code [frames][size]} row-major. */
    public float[] values() {
        return Arrays.copyOf(data, frames * Math.max(size, 0));
    }

    /** Writes {@code [frames][size]} float32 (through a temporary file). */
    public void writeNpy(Path path, int featureSize) throws IOException {
        Npy.write(path, values(), frames, featureSize);
    }
}
