package dev.convstream.plugins.convolver;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.FfmpegDecoder;
import dev.convstream.testing.LoaderContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz harness of {@link ImpulseResponseReader}: any bytes as an impulse response file (WAV,
 * AIFF or AU by content; ffmpeg kept out). Rejections are {@link IOException}s (undecodable,
 * empty, too long) or {@link IllegalArgumentException}s (a non-finite sample), each naming the
 * file. Seeds: audio-io's {@code make_fuzz_seeds.py}.
 */
class ImpulseResponseReaderFuzzTest {
    private static final String NAME = "fuzz-ir.wav";
    private static final LoaderContract CONTRACT =
            new LoaderContract(NAME, List.of(IOException.class, IllegalArgumentException.class));

    @TempDir
    static Path dir;

    @FuzzTest
    void read(byte[] data) {
        Path file = LoaderContract.write(dir.resolve(NAME), data);
        CONTRACT.check(data.length, () ->
                new ImpulseResponseReader(new AudioFileReader(new FfmpegDecoder(""))).read(file));
    }
}
