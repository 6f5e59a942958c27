package dev.convstream.features;

import dev.convstream.features.io.Npy;
import dev.convstream.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the vectors written by {@code features/generate_features_golden.py}. */
final class FeatureGolden {
    private FeatureGolden() {
    }

    static Path path(String file) {
        URL url = FeatureGolden.class.getResource("/features/golden/" + file);
        if (url == null) {
            throw new IllegalStateException("golden file features/golden/" + file
                    + " missing: run generate_features_golden.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Tensor tensor(String name) {
        try {
            return Npy.read(path(name + ".npy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(String name) {
        return tensor(name).data();
    }

    /**
     * The values of a {@code .npy} file in double: a float64 file's own doubles (the references
     * that must not be rounded to float), a float32 file's values widened. {@link Npy#read}
     * validates the file; a float64 file's data are its last {@code 8 * count} bytes.
     */
    static double[] doubles(String name) {
        try {
            Path p = path(name + ".npy");
            float[] floats = Npy.read(p).data();
            byte[] bytes = Files.readAllBytes(p);
            int headerEnd = bytes.length - 8 * floats.length;
            double[] out = new double[floats.length];
            if (headerEnd > 0 && new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1).contains("'<f8'")) {
                ByteBuffer b = ByteBuffer.wrap(bytes, headerEnd, 8 * floats.length).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getDouble();
                }
            } else {
                for (int i = 0; i < out.length; i++) {
                    out[i] = floats[i];
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
