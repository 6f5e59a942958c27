package dev.convstream.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Files a careless or hostile user hands convstream, written by tests that check the refusal. */
public final class HostileFiles {
    private HostileFiles() {
    }

    /**
     * A FIFO {@code dir/name} made with mkfifo(1): opening it for reading blocks until a writer
     * comes. The test is skipped (with the reason) where mkfifo is missing.
     */
    public static Path fifo(Path dir, String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not installed: " + e.getMessage());
            throw e;
        }
        assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        return p;
    }

    /**
     * A convstream.cnn/1 architecture of one 1-to-1 conv {@code c}, kernel 3x1 over 4 mel bands
     * (weight [1, 1, 3, 1], bias [1]), with {@code dilation} as given (JSON: {@code 1} or {@code [h, w]}).
     */
    public static String oneConvCnn(String dilation) {
        return """
                {"format": "convstream.cnn/1", "input": {"channels": 1, "mel_bands": 4},
                 "layers": [{"type": "conv2d", "name": "c", "in_channels": 1, "out_channels": 1,
                             "kernel_size": [3, 1], "dilation": %s}]}
                """.formatted(dilation);
    }

    /** A safetensors file with the header {@code header} as written, then {@code dataBytes} zero bytes. */
    public static Path rawSafetensors(Path file, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(file, b.array());
    }
}
