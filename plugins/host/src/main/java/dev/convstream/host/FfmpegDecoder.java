package dev.convstream.host;

import be.tarsos.dsp.io.PipeDecoder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Decodes formats Java Sound cannot read (MP3, FLAC, OGG, M4A...) through TarsosDSP's
 * {@link PipeDecoder} running {@code ffmpeg}, to 16-bit mono at a chosen sample rate.
 *
 * <p>ffmpeg is looked up on {@code PATH} here rather than by TarsosDSP's default
 * {@code PipeDecoder()}, which, when ffmpeg is missing, tries to download a binary from the
 * internet; this class instead fails with a message saying what to install.
 */
public final class FfmpegDecoder {

    private static final String ARGUMENTS = " -loglevel quiet -ss %input_seeking% %number_of_seconds%"
            + " -i \"%resource%\" -vn -ar %sample_rate% -ac %channels% -sample_fmt s16 -f s16le pipe:1";

    private final List<Path> searchPath;

    /** @param pathVariable a {@code PATH}-style list of directories to look for ffmpeg in */
    public FfmpegDecoder(String pathVariable) {
        List<Path> dirs = new ArrayList<>();
        if (pathVariable != null) {
            for (String d : pathVariable.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        this.searchPath = List.copyOf(dirs);
    }

    /** A decoder that searches this process's {@code PATH}. */
    public static FfmpegDecoder fromEnvironment() {
        return new FfmpegDecoder(System.getenv("PATH"));
    }

    /** The ffmpeg executable, when one is on the search path. */
    public Optional<Path> locate() {
        for (Path d : searchPath) {
            Path f = d.resolve("ffmpeg");
            if (Files.isRegularFile(f) && Files.isExecutable(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts ffmpeg on {@code file} and returns its output as 16-bit signed little-endian mono
     * at {@code sampleRate}, of unknown length.
     *
     * @throws IOException saying that ffmpeg is missing and how to install it, or naming the file
     */
    public AudioInputStream open(Path file, int sampleRate) throws IOException {
        Path ffmpeg = locate().orElseThrow(() -> new IOException("cannot decode " + file
                + ": Java Sound reads only WAV/AIFF/AU, and other formats need ffmpeg, which was not found on PATH "
                + searchPath + ". Install it (Debian/Ubuntu: apt-get install ffmpeg) or convert the file to WAV."));
        if (!Files.isRegularFile(file)) {
            throw new IOException("input file not found: " + file);
        }
        String path = file.toAbsolutePath().toString();
        // The path is pasted into a shell command line by PipeDecoder: refuse shell metacharacters.
        if (path.matches(".*[\"$`\\\\].*") || ffmpeg.toString().matches(".*[\"$`\\\\].*")) {
            throw new IOException("cannot pass " + path + " to ffmpeg: the path contains one of \" $ ` \\");
        }
        PipeDecoder decoder = new PipeDecoder("/bin/sh", "-c", "\"" + ffmpeg + "\"" + ARGUMENTS, null, 1 << 16);
        InputStream pcm = decoder.getDecodedStream(path, sampleRate, 0, -1);
        if (pcm == null) {
            throw new IOException("could not start ffmpeg (" + ffmpeg + ") for " + file);
        }
        return new AudioInputStream(pcm, new AudioFormat(sampleRate, 16, 1, true, false),
                AudioSystem.NOT_SPECIFIED);
    }
}
