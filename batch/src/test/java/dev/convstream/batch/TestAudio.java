package dev.convstream.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Generated test audio and model files. */
public final class TestAudio {
    private TestAudio() {
    }

    /** 16-bit PCM samples: a chirp plus a little deterministic noise, different per channel. */
    public static short[] signal(int rate, int channels, double seconds, long seed) {
        int n = (int) Math.round(rate * seconds);
        short[] s = new short[n * channels];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            for (int c = 0; c < channels; c++) {
                double f = 200 + 1500 * t + 300 * c;
                double v = 0.4 * Math.sin(2 * Math.PI * f * t) + 0.05 * r.nextGaussian();
                s[i * channels + c] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
            }
        }
        return s;
    }

    /** The mono float signal the loader makes of 16-bit samples: s / 32768, channels averaged in float. */
    public static float[] mono(short[] interleaved, int channels) {
        float[] m = new float[interleaved.length / channels];
        for (int i = 0; i < m.length; i++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i * channels + c] / 32768f;
            }
            m[i] = sum / channels;
        }
        return m;
    }

    /** A small CNN over 16 mel bands: conv (time padding 1 both sides: delay 1), relu, pool over mel, causal conv, global pool. */
    public static final String ARCH = """
            { "format": "convstream.cnn/1", "input": { "channels": 1, "mel_bands": 16 },
              "layers": [
                { "type": "conv2d", "name": "c1", "in_channels": 1, "out_channels": 4, "kernel_size": [3, 3],
                  "padding": [[1, 1], [1, 1]] },
                { "type": "activation", "function": "relu" },
                { "type": "maxpool2d", "kernel_size": [1, 2] },
                { "type": "conv2d", "name": "c2", "in_channels": 4, "out_channels": 6, "kernel_size": [3, 3],
                  "padding": [[2, 0], [1, 1]] },
                { "type": "global_avg_pool" } ] }
            """;

    /** Writes {@link #ARCH} and random weights for it; returns {arch, weights}. */
    public static Path[] cnn(Path dir) throws IOException {
        Path arch = dir.resolve("arch.json");
        Files.writeString(arch, ARCH);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("c1.weight", new int[] {4, 1, 3, 3});
        shapes.put("c1.bias", new int[] {4});
        shapes.put("c2.weight", new int[] {6, 4, 3, 3});
        shapes.put("c2.bias", new int[] {6});
        java.util.Random r = new java.util.Random(7);
        StringBuilder header = new StringBuilder("{");
        ByteBuffer data = ByteBuffer.allocate(4 * (36 + 4 + 216 + 6)).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            int count = 1;
            for (int s : e.getValue()) {
                count *= s;
            }
            int begin = data.position();
            for (int i = 0; i < count; i++) {
                data.putFloat((float) (r.nextGaussian() * 0.05));
            }
            if (header.length() > 1) {
                header.append(',');
            }
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(begin).append(',').append(data.position()).append("]}");
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + h.length + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(h.length).put(h).put(data.array());
        Path weights = dir.resolve("w.safetensors");
        Files.write(weights, file.array());
        return new Path[] {arch, weights};
    }
}
