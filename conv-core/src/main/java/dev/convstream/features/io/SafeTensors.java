package dev.convstream.features.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.io.AtomicFiles;
import dev.convstream.io.InputFiles;
import dev.convstream.io.UntrustedJson;
import dev.convstream.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .safetensors} file read directly: an 8-byte little-endian unsigned header length N,
 * N bytes of JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin,
 * end]}} (offsets relative to the end of the header; an optional {@code "__metadata__"} entry
 * of strings), then the raw little-endian tensor bytes, row-major.
 *
 * <p>F32, F16, BF16 and F64 tensors are returned as float32 {@link Tensor}s (F16/BF16 widen
 * exactly; F64 rounds). Other dtypes (I64 {@code num_batches_tracked} in PyTorch batch-norm
 * state dicts, for example) are listed with their dtype but cannot be read as floats. Every
 * entry's byte range is checked against its dtype and shape, and against the file size, when
 * the file is opened. The data is memory-mapped read-only; instances are immutable.
 */
public final class SafeTensors {
    /** One header entry. */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {
        public long elementCount() {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        public boolean isFloat() {
            return width(dtype) > 0 && !dtype.startsWith("I") && !dtype.startsWith("U") && !dtype.equals("BOOL");
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape);
        }
    }

    private static final ObjectMapper JSON = UntrustedJson.mapper();

    private final Path path;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;
    private final ByteBuffer data;

    private SafeTensors(Path path, Map<String, Entry> entries, Map<String, String> metadata, ByteBuffer data) {
        this.path = path;
        this.entries = entries;
        this.metadata = metadata;
        this.data = data;
    }

    /** Opens and validates {@code path}; throws {@link IOException} naming the entry at fault. */
    public static SafeTensors open(Path path) throws IOException {
        InputFiles.requireRegularFile(path, "safetensors file");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(path + ": " + size + " bytes is too short for a safetensors file (8-byte header length)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 2 || headerLen > size - 8 || headerLen > 100_000_000) {
                throw new IOException(path + ": header length " + headerLen + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            ch.read(headerBuf, 8);
            String header = new String(headerBuf.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            JsonNode root;
            try {
                root = JSON.readTree(header);
            } catch (JsonProcessingException e) {
                throw new IOException(path + ": header is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new IOException(path + ": header must be a JSON object");
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                entries.put(f.getKey(), entry(path, f.getKey(), f.getValue(), dataSize));
            }
            requireDisjoint(path, entries.values());
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataSize).order(ByteOrder.LITTLE_ENDIAN);
            return new SafeTensors(path, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata), mapped);
        }
    }

    private static Entry entry(Path path, String name, JsonNode node, long dataSize) throws IOException {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new IOException(path + ": tensor '" + name + "' needs dtype, shape and data_offsets [begin, end], found " + node);
        }
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            // isIntegralNumber: 3.5 converts to int too, and would be read as 3.
            if (!shape.get(i).isIntegralNumber() || !shape.get(i).canConvertToInt() || shape.get(i).asInt() < 0) {
                throw new IOException(path + ": tensor '" + name + "' has an invalid shape " + shape);
            }
            dims[i] = shape.get(i).asInt();
        }
        Entry e = new Entry(name, dtype.asText(), dims, offsets.get(0).asLong(), offsets.get(1).asLong());
        int width = width(e.dtype());
        if (width == 0) {
            throw new IOException(path + ": tensor '" + name + "' has unknown dtype " + e.dtype());
        }
        if (e.begin() < 0 || e.end() < e.begin() || e.end() > dataSize) {
            throw new IOException(path + ": tensor '" + name + "' data_offsets [" + e.begin() + ", " + e.end()
                    + "] fall outside the " + dataSize + " data bytes");
        }
        if (e.end() - e.begin() != e.elementCount() * width) {
            throw new IOException(path + ": tensor '" + name + "' of " + e.dtype() + Arrays.toString(dims) + " needs "
                    + e.elementCount() * width + " bytes, data_offsets give " + (e.end() - e.begin()));
        }
        return e;
    }

    /** Two tensors sharing bytes would read each other's data: refused, naming both. */
    private static void requireDisjoint(Path path, Collection<Entry> entries) throws IOException {
        List<Entry> byBegin = new ArrayList<>(entries);
        byBegin.removeIf(e -> e.end() == e.begin());
        byBegin.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < byBegin.size(); i++) {
            Entry a = byBegin.get(i - 1);
            Entry b = byBegin.get(i);
            if (b.begin() < a.end()) {
                throw new IOException(path + ": tensors '" + a.name() + "' data_offsets [" + a.begin() + ", " + a.end()
                        + "] and '" + b.name() + "' [" + b.begin() + ", " + b.end() + "] overlap");
            }
        }
    }

    static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> 0;
        };
    }

    public Path path() {
        return path;
    }

    /** Every tensor entry, in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * The tensor as float32.
     *
     * @throws IllegalArgumentException when the name is absent or the dtype is not F32/F16/BF16/F64
     */
    public Tensor tensor(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException(path.getFileName() + ": no tensor named '" + name + "'");
        }
        float[] out = new float[(int) e.elementCount()];
        int pos = (int) e.begin();
        switch (e.dtype()) {
            case "F32" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = data.getFloat(pos + 4 * i);
                }
            }
            case "F64" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) data.getDouble(pos + 8 * i);
                }
            }
            case "BF16" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((data.getShort(pos + 2 * i) & 0xffff) << 16);
                }
            }
            case "F16" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(data.getShort(pos + 2 * i));
                }
            }
            default -> throw new IllegalArgumentException(path.getFileName() + ": tensor '" + name + "' has dtype "
                    + e.dtype() + ", expected F32, F16, BF16 or F64");
        }
        return Tensor.wrap(out, e.shape());
    }

    /** IEEE 754 binary16 to float, exact (Float.float16ToFloat needs Java 20; conv-core targets 17). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero): mant * 2^-24, exact in float
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * Writes float32 tensors as a safetensors file (header padded with spaces to 8 bytes, data in
     * map order), through a temporary file renamed into place.
     */
    public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> t : tensors.entrySet()) {
            ObjectNode e = header.putObject(t.getKey());
            e.put("dtype", "F32");
            int[] shape = t.getValue().shape();
            var arr = e.putArray("shape");
            for (int s : shape) {
                arr.add(s);
            }
            long bytes = 4L * t.getValue().size();
            e.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        AtomicFiles.write(path, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : t.data()) {
                    b.putFloat(v);
                }
                out.write(b.array());
            }
        });
    }
}
