package dev.convstream.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which leftover temporaries {@link AtomicFiles} removes before writing an output: only this
 * output's exact temporary names, and only those older than this JVM. Whether a file locked by
 * a live process is kept is tested across processes in the CLI's {@code ProcessDeathTest}
 * (one JVM cannot hold and test a POSIX lock on the same file).
 */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private Path old(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "left by a killed run");
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        return p;
    }

    @Test
    void aWriteRemovesOnlyOldTemporariesOfItsOwnOutput() throws Exception {
        Path stale = old(".out.wav.7f3a9c01d2e4b5a6.tmp");
        Path short1 = old(".out.wav.0.tmp");
        Path other = old(".out.wav.wav.7f3a9c01d2e4b5a6.tmp"); // output out.wav.wav's
        Path notHex = old(".out.wav.notours.tmp");
        Path tooLong = old(".out.wav.7f3a9c01d2e4b5a6f.tmp"); // 17 digits: not a name we make
        Path visible = old("out.wav.7f3a9c01.tmp");
        Path young = dir.resolve(".out.wav.abc.tmp"); // may be a run started after this JVM
        Files.writeString(young, "x");

        AtomicFiles.write(dir.resolve("out.wav"), o -> o.write("done".getBytes(StandardCharsets.UTF_8)));

        assertEquals("done", Files.readString(dir.resolve("out.wav")));
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(short1));
        for (Path kept : List.of(other, notHex, tooLong, visible, young)) {
            assertTrue(Files.exists(kept), kept + " is not a dead temporary of out.wav");
        }
    }

    @Test
    void aLinkNamedLikeATemporaryIsLeftAlone() throws Exception {
        Path target = old("precious.txt");
        Path link = Files.createSymbolicLink(dir.resolve(".out.wav.1234.tmp"), target);
        assertEquals(List.of(), AtomicFiles.removeStaleTemporaries(dir.resolve("out.wav")));
        assertTrue(Files.isSymbolicLink(link) && Files.exists(target));
    }

    @Test
    void removalReportsWhatItRemoved() throws Exception {
        Path stale = old(".x.npy.ff.tmp");
        assertEquals(List.of(stale), AtomicFiles.removeStaleTemporaries(dir.resolve("x.npy")));
        assertEquals(List.of(), AtomicFiles.removeStaleTemporaries(dir.resolve("x.npy")));
    }
}
