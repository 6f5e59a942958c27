package dev.convstream.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailuresTest {

    @Test
    void nioExceptionsWhoseMessageIsOnlyThePathGetTheReasonInWords() {
        assertEquals("/a/b: no such file or directory", Failures.describe(new NoSuchFileException("/a/b")));
        assertEquals("/a/b: permission denied", Failures.describe(new AccessDeniedException("/a/b")));
        assertEquals("/a/b: not a directory", Failures.describe(new NotDirectoryException("/a/b")));
        assertEquals("/a -> /b: file system error", Failures.describe(new FileSystemException("/a", "/b", null)));
    }

    @Test
    void theOperatingSystemsReasonIsKeptAsAClause() {
        assertEquals("/d/out.wav: no space left on device",
                Failures.describe(new FileSystemException("/d/out.wav", null, "No space left on device")));
        assertEquals("/d/x: EIO", Failures.describe(new FileSystemException("/d/x", null, "EIO")));
    }

    @Test
    void aRealMissingFileIsDescribedWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.nam");
        IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(missing));
        assertEquals(missing + ": no such file or directory", Failures.describe(e));
        assertEquals(missing + ": no such file or directory", Failures.describe(new UncheckedIOException(e)));
    }

    @Test
    void messagesThatSayWhatWentWrongAreKept() {
        assertEquals("x.nam: weights[3] is not a number",
                Failures.describe(new IllegalArgumentException("x.nam: weights[3] is not a number")));
    }

    @Test
    void noMessageIsABugAndSaysSoWithoutAClassName() {
        String m = Failures.describe(new NullPointerException());
        assertTrue(m.startsWith("internal error") && m.contains("--verbose") && !m.contains("NullPointer"), m);
        assertEquals("/x: permission denied",
                Failures.describe(new RuntimeException(null, new AccessDeniedException("/x"))));
        assertTrue(Failures.describe(new OutOfMemoryError("Java heap space")).contains("out of memory"));
    }
}
