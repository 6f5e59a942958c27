package dev.convstream.features.io;

import dev.convstream.io.AtomicFiles;
import dev.convstream.io.InputFiles;
import dev.convstream.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format (version 1.0) for float32 C-order arrays:
 * the magic {@code \x93NUMPY}, version 1.0, a little-endian uint16 header length, an ASCII
 * dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (..), }} padded with spaces and a
 * newline so the data starts on a 64-byte boundary, then the raw little-endian values.
 *
 * <p>{@link #write} writes to a temporary file in the target's folder and renames it into place
 * (atomically where the file system can), so a reader never sees a half-written file.
 * {@link #read} accepts {@code <f4} and {@code <f8} (converted to float), C order, version 1.x-3.x.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Writes {@code tensor} as a float32 array of its shape. */
    public static void write(Path path, Tensor tensor) throws IOException {
        write(path, tensor.data(), tensor.shape());
    }

    /** Writes {@code data} (row-major) as a float32 array of {@code shape}. */
    public static void write(Path path, float[] data, int... shape) throws IOException {
        long size = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            size *= s;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " values, shape "
                    + Arrays.toString(shape) + " needs " + size);
        }
        byte[] header = header(shape);
        AtomicFiles.write(path, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            out.write(buf.array(), 0, buf.position());
        });
    }

    static byte[] header(int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int s : shape) {
            dims.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : shape.length == 0 ? ""
                : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        StringBuilder text = new StringBuilder(dict);
        text.append(" ".repeat(total - unpadded)).append('\n');
        byte[] dictBytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) dictBytes.length).put(dictBytes);
        return b.array();
    }

    /** Reads a float32 or float64 C-order array into a float32 tensor. */
    public static Tensor read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(InputFiles.requireRegularFile(path, ".npy file"));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(path + ": not a .npy file (magic \\x93NUMPY missing)");
        }
        int major = bytes[6];
        int headerLen;
        int dataStart;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(b.getShort(8));
            dataStart = 10 + headerLen;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IOException(path + ": " + bytes.length + " bytes is too short for a version " + major
                        + " .npy header");
            }
            headerLen = b.getInt(8);
            dataStart = 12 + headerLen;
        } else {
            throw new IOException(path + ": unsupported .npy version " + major);
        }
        if (headerLen < 0 || dataStart < 0 || dataStart > bytes.length) {
            throw new IOException(path + ": header length " + headerLen + " runs past the end of the "
                    + bytes.length + "-byte file");
        }
        String header = new String(bytes, dataStart - headerLen, headerLen, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr", path);
        if ("True".equals(group(FORTRAN, header, "fortran_order", path))) {
            throw new IOException(path + ": Fortran-order arrays are not supported, expected C order");
        }
        String shapeText = group(SHAPE, header, "shape", path);
        String[] parts = shapeText.split(",");
        int[] shape = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(s -> s.matches("\\d{1,9}") ? Integer.parseInt(s) : -1).toArray();
        long count = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IOException(path + ": shape (" + shapeText + ") must list dimensions of 0 to 999999999");
            }
            // Capped at one past the file's size, so no shape multiplies past a long.
            count = Math.min(count * s, bytes.length + 1L);
        }
        int width = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IOException(path + ": dtype '" + descr + "' is not supported, expected '<f4' or '<f8'");
        };
        if (dataStart + count * width != bytes.length) {
            throw new IOException(path + ": shape " + Arrays.toString(shape) + " of " + descr + " needs "
                    + (count > bytes.length ? "more than " + bytes.length : count * width) + " data bytes, file has "
                    + (bytes.length - dataStart));
        }
        float[] data = new float[(int) count];
        b.position(dataStart);
        for (int i = 0; i < data.length; i++) {
            data[i] = width == 4 ? b.getFloat() : (float) b.getDouble();
        }
        return Tensor.wrap(data, shape);
    }

    private static String group(Pattern p, String header, String key, Path path) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(path + ": .npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }
}
