package dev.convstream.batch;

import dev.convstream.io.AtomicFiles;
import dev.convstream.features.io.Npy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** How one file's features are written; both write through a temporary file renamed into place. */
public enum OutputFormat {
    /** numpy {@code .npy}, float32, C order, the features' own shape. */
    NPY("npy"),
    /**
     * Comma-separated text, no header: one line per row of the shape ({@code [frames][n]}: one
     * line per frame; {@code [C]}: one line), values as Java's shortest round-trip float text.
     */
    CSV("csv");

    private final String extension;

    OutputFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** Writes {@code data} of {@code shape} to {@code path}, never leaving a partial file there. */
    public void write(Path path, float[] data, int[] shape) throws IOException {
        if (this == NPY) {
            Npy.write(path, data, shape);
            return;
        }
        int cols = shape.length == 1 ? Math.max(1, shape[0]) : shape[shape.length - 1];
        AtomicFiles.write(path, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
            for (int i = 0; i < data.length; i++) {
                w.write(Float.toString(data[i]));
                w.write((i + 1) % cols == 0 ? '\n' : ',');
            }
            w.flush();
        });
    }
}
