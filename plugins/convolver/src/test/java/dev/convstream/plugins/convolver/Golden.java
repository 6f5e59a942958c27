package dev.convstream.plugins.convolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The golden vectors of {@code src/test/resources/golden} (see generate_convolver_golden.py there). */
final class Golden {

    static final double RATE = 48_000;

    private Golden() {
    }

    /** The file {@code golden/name} on disk (the test resources are copied to target/test-classes). */
    static Path path(String name) {
        try {
            var url = Golden.class.getResource("/golden/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test resource golden/" + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A planar little-endian float32 file of {@code channels} channels. */
    static float[][] planar(String name, int channels) {
        try {
            byte[] bytes = Files.readAllBytes(path(name));
            int frames = bytes.length / 4 / channels;
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[][] out = new float[channels][frames];
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < frames; i++) {
                    out[c][i] = b.getFloat();
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
