package dev.convstream.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Output paths refused before anything is written, and what a failed write leaves (nothing). */
class OutputPathsTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theSameFileThroughASymbolicOrHardLinkIsRefused() throws Exception {
        Path in = Files.writeString(dir.resolve("x.wav"), "input");
        Path sym = Files.createSymbolicLink(dir.resolve("sym.wav"), in);
        Path hard = Files.createLink(dir.resolve("hard.wav"), in);
        for (Path out : List.of(in, dir.resolve(".").resolve("x.wav"), sym, hard)) {
            IOException e = assertThrows(IOException.class, () -> OutputPaths.requireNotAnInput(out, List.of(in)));
            assertTrue(e.getMessage().startsWith(out + ": the output would overwrite the input " + in), e.getMessage());
        }
        OutputPaths.requireNotAnInput(dir.resolve("y.wav"), List.of(in));
        Path copy = Files.copy(in, dir.resolve("copy.wav"));
        OutputPaths.requireNotAnInput(copy, List.of(in));
    }

    @Test
    void anOutputUnderARegularFileNamesThatFile() throws Exception {
        Path file = Files.writeString(dir.resolve("x.wav"), "input");
        Path out = file.resolve("sub").resolve("out.wav");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(out, o -> o.write(1)));
        assertEquals(out + ": cannot be written: " + file + " is a file, not a directory", e.getMessage());
        assertEquals("input", Files.readString(file));
    }

    @Test
    void aDirectoryOrADeviceAsOutputIsRefused() throws Exception {
        IOException d = assertThrows(IOException.class, () -> AtomicFiles.write(dir, o -> o.write(1)));
        assertEquals(dir + ": is a directory; give the output a file name", d.getMessage());
        Path zero = Path.of("/dev/null");
        assumeTrue(Files.exists(zero), "no /dev/null here");
        IOException n = assertThrows(IOException.class, () -> AtomicFiles.write(zero, o -> o.write(1)));
        assertTrue(n.getMessage().startsWith("/dev/null: not a regular file"), n.getMessage());
    }

    @Test
    void aFolderThatRefusesNewFilesIsNamedWithTheReason() throws Exception {
        Path version = Path.of("/proc/version");
        assumeTrue(Files.isRegularFile(version), "no /proc here");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(version, o -> o.write(1)));
        assertTrue(e.getMessage().startsWith("/proc/version: cannot write a file in /proc: /proc/."), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void aDiskFullMidWriteLeavesTheOldFileAndNoTemporary() throws Exception {
        Path out = Files.writeString(dir.resolve("features.npy"), "old complete output");
        // What FileChannel.write throws on ENOSPC: a bare IOException with the OS's words.
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(out, o -> {
            o.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("old complete output", Files.readString(out));
        assertEquals(List.of("features.npy"), names());
    }

    @Test
    void aWriterThatThrowsMidFileLeavesNothingUnderTheFinalName() throws Exception {
        Path out = dir.resolve("out.wav");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(out, o -> {
            o.write(new byte[30_000]);
            throw new IllegalStateException("plugin failed");
        }));
        assertEquals(List.of(), names());
        AtomicFiles.write(out, o -> o.write(new byte[] {1, 2}));
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(out));
    }
}
