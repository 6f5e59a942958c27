package dev.convstream.features;

import dev.convstream.features.io.Npy;
import dev.convstream.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
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

    static double[] doubles(String name) {
        try {
            return Npy.readDoubles(path(name + ".npy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
