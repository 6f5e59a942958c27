package dev.convstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The contract every fuzz harness asserts about a parser or loader fed hostile bytes: the input
 * is accepted, or rejected with one of the loader's documented exception types whose message
 * names the file (or field) at fault; never any other throwable (no NullPointerException,
 * ArrayIndexOutOfBounds, NegativeArraySize, OutOfMemoryError, StackOverflowError), never more
 * than {@link #TIME_LIMIT} and never more allocated bytes than {@link #allocationLimit(int)}.
 *
 * <p>Why an allocation bound rather than waiting for an OutOfMemoryError: a header claiming 2^31
 * frames that makes the loader allocate 2 GB before noticing the file is 40 bytes long is the
 * bug, whether or not this JVM's heap happens to hold 2 GB. The per-thread counter of
 * {@link AllocationMeter} sees the attempt (a failed allocation is not counted, so an
 * OutOfMemoryError is reported as such); an input over the bound is measured a second time,
 * since the first run of a code path also pays for loading its classes. Why a time bound: a parser that loops on a crafted
 * length field hangs the CLI; ten seconds is a hang guard far above any input here (a few
 * kilobytes), not a performance figure.
 *
 * @param name     what the message must contain (the file's name, or the source name given
 *                 to a parser that reads from memory)
 * @param rejected the exception types the loader documents for bad input
 */
public record LoaderContract(String name, List<Class<? extends Exception>> rejected) {

    /** Longest any one input may take: a hang guard, not a performance bound. */
    public static final Duration TIME_LIMIT = Duration.ofSeconds(10);

    /** Work a loader does on one input. */
    @FunctionalInterface
    public interface Load {
        void run() throws Exception;
    }

    /**
     * Bytes a loader may allocate for an input of {@code inputBytes}: 64 MiB of fixed room
     * (parser buffers, a JSON tree, a prepared model's state) plus 256 bytes per input byte (a
     * JSON number of a few bytes becomes a tree node and a float; a 16-bit sample a float per
     * plane).
     */
    public static long allocationLimit(int inputBytes) {
        return (64L << 20) + 256L * inputBytes;
    }

    /** Writes {@code bytes} to {@code file} (the file a path-reading loader is then given). */
    public static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code load} on an input of {@code inputBytes} and fails with the input's fate when
     * it breaks the contract.
     */
    public void check(int inputBytes, Load load) {
        long limit = allocationLimit(inputBytes);
        long allocated = measure(inputBytes, load);
        if (allocated > limit) {
            // Loading and instrumenting the classes a new code path needs is counted too, once
            // per JVM: an input that allocates too much allocates too much again.
            allocated = measure(inputBytes, load);
        }
        if (allocated > limit) {
            throw new AssertionError("input of " + inputBytes + " bytes allocated " + allocated
                    + " bytes, more than the " + limit + " allowed");
        }
    }

    private long measure(int inputBytes, Load load) {
        // The worker thread runs the load, so the allocation meter counts exactly its bytes.
        return assertTimeoutPreemptively(TIME_LIMIT, () -> new AllocationMeter().allocatedAbout(() -> {
            try {
                load.run();
            } catch (Exception e) {
                if (rejected.stream().noneMatch(t -> t.isInstance(e))) {
                    throw new AssertionError("rejected with " + e.getClass().getName() + ", not one of " + rejected, e);
                }
                if (e.getMessage() == null || !e.getMessage().contains(name)) {
                    throw new AssertionError("rejection does not name '" + name + "': " + e.getMessage(), e);
                }
            }
        }), () -> "input of " + inputBytes + " bytes ran longer than " + TIME_LIMIT);
    }
}
