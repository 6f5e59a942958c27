package dev.convstream.features;

import dev.convstream.features.io.Npy;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The .npy writer and reader: round trip, header rules, numpy itself reading our files. */
class NpyTest {

    static Tensor sample() {
        float[] v = new float[2 * 3 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (i * 0.37 - 4.1);
        }
        v[7] = Float.NaN;
        v[8] = Float.NEGATIVE_INFINITY;
        v[9] = -0f;
        return Tensor.wrap(v, 2, 3, 5);
    }

    @Test
    void roundTripsShapeAndBits(@TempDir Path dir) throws IOException {
        Tensor t = sample();
        Path file = dir.resolve("a.npy");
        Npy.write(file, t);
        Tensor back = Npy.read(file);
        assertArrayEquals(t.shape(), back.shape());
        for (int i = 0; i < t.size(); i++) {
            assertEquals(Float.floatToRawIntBits(t.data()[i]), Float.floatToRawIntBits(back.data()[i]), "value " + i);
        }
    }

    @Test
    void headerIsVersion1PaddedTo64BytesWithNewline(@TempDir Path dir) throws IOException {
        for (int[] shape : new int[][] {{4}, {}, {1, 1, 7, 64}, {0, 3}}) {
            int size = 1;
            for (int s : shape) {
                size *= s;
            }
            Path file = dir.resolve("h.npy");
            Npy.write(file, new float[size], shape);
            byte[] bytes = Files.readAllBytes(file);
            assertEquals((byte) 0x93, bytes[0]);
            assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
            assertEquals(1, bytes[6]);
            int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            assertEquals(0, (10 + headerLen) % 64, "data must start on a 64-byte boundary");
            assertEquals('\n', bytes[10 + headerLen - 1]);
            assertEquals(10 + headerLen + 4L * size, bytes.length);
            String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
            assertTrue(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"), header);
            assertArrayEquals(shape, Npy.read(file).shape());
        }
        assertTrue(new String(Files.readAllBytes(dir.resolve("h.npy")), StandardCharsets.US_ASCII).contains("(0, 3)"));
    }

    @Test
    void oneDimensionalShapeHasTrailingComma(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("v.npy");
        Npy.write(file, new float[] {1, 2, 3}, 3);
        assertTrue(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).contains("'shape': (3,)"));
    }

    @Test
    void writeLeavesNoTemporaryFileAndReplacesAtomically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.npy");
        Npy.write(file, sample());
        Npy.write(file, Tensor.zeros(2, 2));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the target file remains");
        }
        assertArrayEquals(new int[] {2, 2}, Npy.read(file).shape());
    }

    @Test
    void outputHasTheUsualPermissionsNotATempFilesOwnerOnlyOnes(@TempDir Path dir) throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, new byte[1]);
        Path file = dir.resolve("out.npy");
        Npy.write(file, sample());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    @Test
    void mismatchedDataAndShapeIsRejectedBeforeWriting(@TempDir Path dir) {
        Path file = dir.resolve("bad.npy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(file, new float[5], 2, 3));
        assertTrue(e.getMessage().contains("needs 6"), e.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    void readsNumpyWrittenFloat64Goldens() {
        Tensor mel = FeatureGolden.tensor("mel_slaney");
        assertArrayEquals(new int[] {40, 257}, mel.shape());
    }

    /** numpy itself loads what we write (skipped when python3 with numpy is not on the machine). */
    @Test
    void numpyLoadsOurFiles(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(pythonWithNumpy(), "python3 with numpy not available");
        Tensor t = sample();
        Path file = dir.resolve("features.npy");
        Npy.write(file, t);
        String script = "import numpy, sys\n"
                + "a = numpy.load(sys.argv[1])\n"
                + "assert a.dtype == numpy.float32 and a.flags['C_CONTIGUOUS'], (a.dtype, a.flags)\n"
                + "print(a.shape, repr(float(a[1, 2, 4])), repr(float(numpy.nansum(a[a != -numpy.inf]))))\n";
        Process p = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        double sum = 0;
        for (float v : t.data()) {
            if (!Float.isNaN(v) && v != Float.NEGATIVE_INFINITY) {
                sum += v;
            }
        }
        String[] parts = out.replace("(2, 3, 5) ", "").split(" ");
        assertTrue(out.startsWith("(2, 3, 5) "), out);
        assertEquals(t.get(1, 2, 4), Float.parseFloat(parts[0]));
        assertEquals(sum, Double.parseDouble(parts[1]), 1e-4);
    }

    private static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
