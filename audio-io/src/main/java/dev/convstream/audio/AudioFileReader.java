package dev.convstream.audio;

import dev.convstream.io.InputFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Opens audio files at their own sample rate and channel count: WAV, AIFF and AU with Java
 * Sound, everything else through {@link FfmpegDecoder}. The one place convstream decodes files
 * (the host's file processing, the convolver's impulse responses and feature extraction all
 * read through it). Thread-safe: keeps no state between files.
 */
public final class AudioFileReader {

    /** Extensions read with Java Sound; everything else goes to ffmpeg. */
    private static final Set<String> JAVA_SOUND_EXTENSIONS = Set.of("wav", "wave", "aif", "aiff", "aifc", "au", "snd");
    private static final int BLOCK = 8192;
    /**
     * Most channels a file may have: the most a WAV header can name. An AU header holds 32 bits
     * (one claiming 959,051,065 channels spun in Java Sound's mu-law decoder).
     */
    public static final int MAX_CHANNELS = 65_535;
    /** Bytes read at a time at most, whatever the frame size (65,535 channels make 256 KiB frames). */
    private static final int READ_BYTES = 1 << 16;

    /**
     * An open file: PCM samples ({@link PcmCodec} decodes them) and which decoder produced them.
     * The caller closes it.
     */
    public record Source(AudioInputStream stream, String decodedBy, Path file) implements AutoCloseable {
        /** The file's sample rate. */
        public float sampleRate() {
            return stream.getFormat().getSampleRate();
        }

        /** The file's channel count. */
        public int channels() {
            return stream.getFormat().getChannels();
        }

        /** Frames in the file, or -1 when the decoder does not know (ffmpeg). */
        public long frames() {
            long n = stream.getFrameLength();
            return n == AudioSystem.NOT_SPECIFIED ? -1 : n;
        }

        /**
         * The warning for a file cut off mid-data, once it has been read to its end: its header
         * claims more frames than {@code framesRead} (a copy or download that stopped, a
         * recording whose writer died). Java Sound then simply ends the stream early, so
         * without this the file passes as a shorter one. Empty when the lengths agree or the
         * header states none (ffmpeg).
         *
         * @param framesRead   whole frames read before the end of the stream
         * @param leftoverBytes bytes of an incomplete last frame (also a cut)
         */
        public Optional<String> truncation(long framesRead, int leftoverBytes) {
            long claimed = frames();
            if ((claimed < 0 || framesRead >= claimed) && leftoverBytes == 0) {
                return Optional.empty();
            }
            float rate = sampleRate();
            String have = String.format(Locale.ROOT, "%d frames (%.3f s)", framesRead, framesRead / rate);
            if (claimed < 0 || framesRead >= claimed) {
                return Optional.of(file + ": truncated: ends inside a frame (" + leftoverBytes
                        + " stray bytes after " + have + "); read as " + have);
            }
            String claim = claimed * stream.getFormat().getFrameSize() >= 0xFFFF_FFF0L
                    // 0xFFFFFFFF and kin: a length left unset by a writer that could not seek back.
                    ? "its header's data length is a placeholder (" + claimed + " frames): an unfinished or streamed recording"
                    : String.format(Locale.ROOT, "its header claims %d frames (%.3f s)", claimed, claimed / rate);
            return Optional.of(file + ": truncated: " + claim + " but the file holds " + have + "; read as "
                    + framesRead + " frames");
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /**
     * A whole decoded file.
     *
     * @param channels   planar samples in [-1, 1], {@code channels[c][frame]}
     * @param sampleRate the file's own rate
     * @param decodedBy  {@code java-sound} or {@code ffmpeg}
     * @param warnings   what a user should know about the file although it was read (a
     *                   truncated file, {@link Source#truncation}), each naming the file
     */
    public record Decoded(float[][] channels, float sampleRate, String decodedBy, List<String> warnings) {
        /** Frames per channel. */
        public int frames() {
            return channels[0].length;
        }
    }

    private final FfmpegDecoder ffmpeg;

    public AudioFileReader(FfmpegDecoder ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** A reader that finds ffmpeg on this process's {@code PATH}. */
    public static AudioFileReader fromEnvironment() {
        return new AudioFileReader(FfmpegDecoder.fromEnvironment());
    }

    /**
     * Opens {@code file} as PCM at its own rate and channel count.
     *
     * @throws IOException naming the file, or saying that ffmpeg is needed and missing
     */
    public Source open(Path file) throws IOException {
        InputFiles.requireRegularFile(file, "audio file");
        String name = file.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (JAVA_SOUND_EXTENSIONS.contains(ext)) {
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            AudioInputStream s;
            try {
                s = AudioSystem.getAudioInputStream(in);
            } catch (UnsupportedAudioFileException | IOException e) {
                in.close();
                if (ffmpeg.locate().isEmpty()) {
                    throw new IOException("Java Sound cannot read " + file + " (" + javaSoundReason(e)
                            + ") and ffmpeg is not installed to try instead", e);
                }
                return new Source(checkPcm(ffmpeg.open(file), file), "ffmpeg", file);
            }
            return new Source(toPcm(s, file), "java-sound", file);
        }
        return new Source(checkPcm(ffmpeg.open(file), file), "ffmpeg", file);
    }

    /**
     * Why Java Sound refused a file. It calls a header it cannot parse unsupported, except when it
     * read past its stream's 8 KiB buffer first (a large chunk, then no data chunk: found by
     * {@code CaptureSignalFuzzTest}): then its rewind fails with a bare "Resetting to invalid mark".
     */
    private static String javaSoundReason(Exception e) {
        if (e instanceof UnsupportedAudioFileException) {
            return e.getMessage();
        }
        return "a damaged header or one that ends before the audio data: " + e.getMessage();
    }

    /** Reads all of {@code file}, up to {@link AudioLoader#MAX_FRAMES} frames. */
    public Decoded read(Path file) throws IOException {
        return read(file, AudioLoader.MAX_FRAMES);
    }

    /**
     * Reads all of {@code file}.
     *
     * @param maxFrames the most frames accepted; a longer file fails before its samples are read
     *                  (when its header tells its length) or as soon as the limit is passed
     * @throws IOException naming the file when it cannot be decoded, holds no audio or is too long
     */
    public Decoded read(Path file, int maxFrames) throws IOException {
        try (Source source = open(file)) {
            PcmCodec codec = codec(source, file);
            int channels = codec.channels();
            // A header may claim any length and up to 65,535 channels: the first allocation is
            // bounded by what the file's bytes can hold, and grows only as frames arrive.
            long fileFrames = Files.size(file) / codec.frameSize() + 1;
            if (source.frames() > maxFrames) {
                throw new IOException(file + ": " + source.frames() + " frames, more than the " + maxFrames + " accepted");
            }
            int capacity = (int) Math.min(Math.min(maxFrames, fileFrames), source.frames() >= 0 ? source.frames() : 1 << 16);
            float[][] planes = new float[channels][Math.max(capacity, 1)];
            byte[] bytes = new byte[Math.max(1, Math.min(BLOCK, READ_BYTES / codec.frameSize())) * codec.frameSize()];
            int frames = 0;
            int pending = 0;
            while (true) {
                int n = source.stream().read(bytes, pending, bytes.length - pending);
                if (n < 0) {
                    break;
                }
                pending += n;
                int whole = pending / codec.frameSize();
                if (whole == 0) {
                    continue;
                }
                if ((long) frames + whole > maxFrames) {
                    throw new IOException(file + ": longer than the " + maxFrames + " frames accepted");
                }
                if (frames + whole > planes[0].length) {
                    int grown = (int) Math.min(maxFrames, Math.max((long) frames + whole, 2L * planes[0].length));
                    for (int c = 0; c < channels; c++) {
                        planes[c] = Arrays.copyOf(planes[c], grown);
                    }
                }
                codec.decode(bytes, 0, planes, frames, whole);
                frames += whole;
                int rest = pending - whole * codec.frameSize();
                System.arraycopy(bytes, whole * codec.frameSize(), bytes, 0, rest);
                pending = rest;
            }
            if (frames == 0) {
                throw new IOException(file + ": no audio frames (empty or unreadable file)");
            }
            for (int c = 0; c < channels; c++) {
                if (planes[c].length != frames) {
                    planes[c] = Arrays.copyOf(planes[c], frames);
                }
            }
            return new Decoded(planes, source.sampleRate(), source.decodedBy(),
                    source.truncation(frames, pending).stream().toList());
        }
    }

    /** A codec for the source's samples. */
    public static PcmCodec codec(Source source, Path file) throws IOException {
        try {
            return new PcmCodec(source.stream().getFormat());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static AudioInputStream checkPcm(AudioInputStream s, Path file) throws IOException {
        float rate = s.getFormat().getSampleRate();
        if (!(rate >= 1) || s.getFormat().getChannels() < 1 || s.getFormat().getChannels() > MAX_CHANNELS) {
            s.close();
            throw new IOException(file + ": sample rate " + rate + " Hz and " + s.getFormat().getChannels()
                    + " channels: not a playable format (1 to " + MAX_CHANNELS + " channels)");
        }
        return s;
    }

    /** Converts compressed encodings Java Sound can decode (µ-law, A-law) to 16-bit PCM. */
    private static AudioInputStream toPcm(AudioInputStream s, Path file) throws IOException {
        checkPcm(s, file);
        AudioFormat f = s.getFormat();
        AudioFormat.Encoding e = f.getEncoding();
        if (e.equals(AudioFormat.Encoding.PCM_SIGNED) || e.equals(AudioFormat.Encoding.PCM_UNSIGNED)
                || e.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            return s;
        }
        AudioFormat pcm = new AudioFormat(f.getSampleRate(), 16, f.getChannels(), true, false);
        if (!AudioSystem.isConversionSupported(pcm, f)) {
            s.close();
            throw new IOException("cannot decode " + file + ": unsupported encoding " + e);
        }
        return AudioSystem.getAudioInputStream(pcm, s);
    }
}
