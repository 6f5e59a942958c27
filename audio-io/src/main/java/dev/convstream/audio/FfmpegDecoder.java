package dev.convstream.audio;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decodes formats Java Sound cannot read (MP3, FLAC, OGG, M4A...) by running {@code ffmpeg},
 * at the file's own sample rate and channel count.
 *
 * <p>ffmpeg writes Sun AU to a pipe (32-bit big-endian PCM): AU is the one format whose header
 * ffmpeg can write before it knows the length and Java Sound can read from a stream, so the
 * rate and channel count arrive with the samples and no probe is needed. ffmpeg is started
 * directly (no shell), so any file name works, and looked up on a {@code PATH} given here:
 * when it is missing the error says what to install.
 */
public final class FfmpegDecoder {

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
     * Starts ffmpeg on {@code file} and returns its output as signed 32-bit PCM at the file's
     * own rate and channel count, of unknown length. Closing the stream stops ffmpeg.
     *
     * @throws IOException saying that ffmpeg is missing and how to install it, or naming the file
     */
    public AudioInputStream open(Path file) throws IOException {
        Path ffmpeg = locate().orElseThrow(() -> new IOException("cannot decode " + file
                + ": Java Sound reads only WAV/AIFF/AU, and other formats need ffmpeg, which was not found on PATH "
                + searchPath + ". Install it (Debian/Ubuntu: apt-get install ffmpeg) or convert the file to WAV."));
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file");
        }
        ProcessBuilder pb = new ProcessBuilder(ffmpeg.toString(), "-nostdin", "-loglevel", "error",
                "-i", file.toAbsolutePath().toString(), "-vn", "-map", "0:a:0",
                "-c:a", "pcm_s32be", "-f", "au", "pipe:1");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = pb.start();
        InputStream pcm = new ProcessStream(process);
        try {
            return AudioSystem.getAudioInputStream(new BufferedInputStream(pcm, 1 << 16));
        } catch (UnsupportedAudioFileException | IOException e) {
            pcm.close();
            throw new IOException("ffmpeg (" + ffmpeg + ") decoded no audio from " + file
                    + " (not an audio file, or no audio stream in it)", e);
        }
    }

    /** The process's output; closing it ends the process. */
    private static final class ProcessStream extends InputStream {
        private final Process process;
        private final InputStream in;

        ProcessStream(Process process) {
            this.process = process;
            this.in = process.getInputStream();
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                process.destroy();
            }
        }
    }
}
