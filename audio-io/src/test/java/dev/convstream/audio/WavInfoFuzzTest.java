package dev.convstream.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.testing.LoaderContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz harness of {@link WavInfo#read}: any bytes as a WAV file's metadata. Rejections are
 * {@link IOException}s naming the file. Seeds: a WAV with INFO written by {@link WavWriter} and
 * one whose INFO entry claims 2 GiB.
 */
class WavInfoFuzzTest {
    private static final String NAME = "fuzz.wav";
    private static final LoaderContract CONTRACT = new LoaderContract(NAME, List.of(IOException.class));

    @TempDir
    static Path dir;

    @FuzzTest
    void read(byte[] data) {
        Path file = LoaderContract.write(dir.resolve(NAME), data);
        CONTRACT.check(data.length, () -> WavInfo.read(file));
    }
}
