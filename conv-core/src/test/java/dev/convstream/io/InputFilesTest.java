package dev.convstream.io;

import dev.convstream.check.Failures;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.testing.HostileFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class InputFilesTest {

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsReturned() throws Exception {
        Path f = Files.writeString(dir.resolve("a.nam"), "{}");
        assertEquals(f, InputFiles.requireRegularFile(f, "model file"));
    }

    @Test
    void aDirectoryIsNamedAsOne() {
        IOException e = assertThrows(IOException.class, () -> InputFiles.requireRegularFile(dir, "model file"));
        assertEquals(dir + ": is a directory; the model file must be a regular file", e.getMessage());
    }

    @Test
    void aMissingFileGivesThePathAndWhatItWasFor() {
        Path missing = dir.resolve("nope.nam");
        IOException e = assertThrows(IOException.class, () -> InputFiles.requireRegularFile(missing, "model file"));
        assertEquals(missing + ": model file not found", Failures.describe(e));
    }

    @Test
    void aDeviceIsRefusedBeforeReading() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        IOException e = assertThrows(IOException.class, () -> InputFiles.requireRegularFile(zero, "impulse response"));
        assertTrue(e.getMessage().startsWith("/dev/zero: not a regular file"), e.getMessage());
    }

    @Test
    void aFifoAsModelFailsAtOnceInsteadOfBlocking() throws Exception {
        Path fifo = HostileFiles.fifo(dir, "amp.nam");
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> new NamLoader().load(fifo)));
        assertTrue(e.getMessage().contains(fifo.toString()) && e.getMessage().contains("not a regular file"),
                e.getMessage());
    }
}
