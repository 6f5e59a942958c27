package dev.convstream.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.testing.LoaderContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz harness of {@link AudioFileReader#read}: any bytes as an audio file. Java Sound picks its
 * WAV, AIFF or AU reader by the bytes, not the name, so one {@code .wav} name reaches all three.
 * ffmpeg is kept out (an empty search path): the harness tests convstream's reading, in
 * process. Rejections are {@link IOException}s naming the file. Seeds:
 * {@code src/test/scripts/make_fuzz_seeds.py} (every encoding, and headers claiming 2^31 frames
 * or 65,535 channels).
 */
class AudioFileReaderFuzzTest {
    private static final String NAME = "fuzz.wav";
    private static final LoaderContract CONTRACT = new LoaderContract(NAME, List.of(IOException.class));

    @TempDir
    static Path dir;

    @FuzzTest
    void read(byte[] data) {
        Path file = LoaderContract.write(dir.resolve(NAME), data);
        CONTRACT.check(data.length, () -> new AudioFileReader(new FfmpegDecoder("")).read(file));
    }
}
