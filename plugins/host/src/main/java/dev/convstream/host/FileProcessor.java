package dev.convstream.host;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ProcessSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Offline processing: audio file → plugin (usually a chain) → WAV file, block by block, so
 * files of any length run in constant memory.
 *
 * <p>WAV, AIFF and AU are read with Java Sound at their own rate and channel count; other
 * formats go through {@link FfmpegDecoder} (mono, at {@code fallbackSampleRate}). The output
 * WAV has the input's rate and channel count, 16-bit PCM for inputs of 16 bits or fewer, else
 * 24-bit, clipped at full scale.
 *
 * <p>Latency is compensated: the first {@code latencySamples()} output frames are dropped and
 * as many zero frames are fed after the input, so the output is exactly as long as the input
 * and time-aligned with it.
 */
public final class FileProcessor {

    /** Extensions read with Java Sound; everything else goes to ffmpeg. */
    private static final Set<String> JAVA_SOUND_EXTENSIONS = Set.of("wav", "wave", "aif", "aiff", "aifc", "au", "snd");

    /** What was done. */
    public record Result(long frames, float sampleRate, int channels, int latencyCompensated,
                         String decodedBy) {
    }

    private final FfmpegDecoder ffmpeg;

    @jakarta.inject.Inject
    public FileProcessor(FfmpegDecoder ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * Processes {@code in} through {@code plugin} into the WAV file {@code out}. Prepares the
     * plugin for the file's format; the caller still owns (and closes) the plugin.
     *
     * @param blockSize          frames per {@code process} call
     * @param fallbackSampleRate sample rate for files decoded by ffmpeg
     * @throws IOException naming the file when it cannot be read or written
     */
    public Result process(Path in, Path out, AudioPlugin plugin, int blockSize, int fallbackSampleRate)
            throws IOException {
        return process(in, out, plugin, blockSize, fallbackSampleRate, Progress.NONE);
    }

    /** Told how far {@link #process} has read, after every block, on the calling thread. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (framesRead, totalFrames, sampleRate) -> { };

        /** @param totalFrames the input's length in frames, or -1 when unknown (ffmpeg input) */
        void update(long framesRead, long totalFrames, float sampleRate);
    }

    /** As {@link #process(Path, Path, AudioPlugin, int, int)}, reporting progress. */
    public Result process(Path in, Path out, AudioPlugin plugin, int blockSize, int fallbackSampleRate,
                          Progress progress) throws IOException {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be >= 1, found " + blockSize);
        }
        Opened source = open(in, fallbackSampleRate);
        try (AudioInputStream input = source.stream()) {
            AudioFormat inFormat = input.getFormat();
            int channels = inFormat.getChannels();
            int outBits = inFormat.getSampleSizeInBits() <= 16 ? 16 : 24;
            AudioFormat outFormat = new AudioFormat(inFormat.getSampleRate(), outBits, channels, true, false);
            plugin.prepare(new ProcessSpec(inFormat.getSampleRate(), blockSize, channels));
            int latency = plugin.latencySamples();
            long total = input.getFrameLength() == AudioSystem.NOT_SPECIFIED ? -1 : input.getFrameLength();
            ProcessedStream processed = new ProcessedStream(input, new PcmCodec(inFormat),
                    new PcmCodec(outFormat), plugin, blockSize, latency,
                    framesRead -> progress.update(framesRead, total, inFormat.getSampleRate()));
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (AudioInputStream result = new AudioInputStream(processed, outFormat, AudioSystem.NOT_SPECIFIED)) {
                AudioSystem.write(result, AudioFileFormat.Type.WAVE, out.toFile());
            }
            if (processed.framesIn == 0 && source.decodedBy().equals("ffmpeg")) {
                throw new IOException("ffmpeg decoded no audio from " + in + " (unreadable or empty file?)");
            }
            return new Result(processed.framesIn, inFormat.getSampleRate(), channels, latency, source.decodedBy());
        }
    }

    private record Opened(AudioInputStream stream, String decodedBy) {
    }

    /**
     * Opens {@code in} as PCM exactly as {@link #process} reads it: WAV/AIFF/AU with Java Sound
     * at their own rate and channel count, other formats through ffmpeg as mono at
     * {@code fallbackSampleRate}. The caller closes the stream.
     *
     * @throws IOException naming the file, or saying that ffmpeg is needed and missing
     */
    public AudioInputStream openPcm(Path in, int fallbackSampleRate) throws IOException {
        return open(in, fallbackSampleRate).stream();
    }

    private Opened open(Path in, int fallbackSampleRate) throws IOException {
        if (!Files.isRegularFile(in)) {
            throw new IOException("input file not found: " + in);
        }
        String name = in.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (JAVA_SOUND_EXTENSIONS.contains(ext)) {
            try {
                AudioInputStream s = AudioSystem.getAudioInputStream(
                        new BufferedInputStream(Files.newInputStream(in)));
                return new Opened(toPcm(s, in), "java-sound");
            } catch (UnsupportedAudioFileException e) {
                if (ffmpeg.locate().isEmpty()) {
                    throw new IOException("Java Sound cannot read " + in + " (" + e.getMessage()
                            + ") and ffmpeg is not installed to try instead", e);
                }
            }
        }
        return new Opened(ffmpeg.open(in, fallbackSampleRate), "ffmpeg");
    }

    /** Converts compressed encodings Java Sound can decode (µ-law, A-law) to 16-bit PCM. */
    private static AudioInputStream toPcm(AudioInputStream s, Path in) throws IOException {
        AudioFormat f = s.getFormat();
        AudioFormat.Encoding e = f.getEncoding();
        if (e.equals(AudioFormat.Encoding.PCM_SIGNED) || e.equals(AudioFormat.Encoding.PCM_UNSIGNED)
                || e.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            return s;
        }
        AudioFormat pcm = new AudioFormat(f.getSampleRate(), 16, f.getChannels(), true, false);
        if (!AudioSystem.isConversionSupported(pcm, f)) {
            s.close();
            throw new IOException("cannot decode " + in + ": unsupported encoding " + e);
        }
        return AudioSystem.getAudioInputStream(pcm, s);
    }

    /**
     * Pulls blocks from the input, runs them through the plugin and serves the encoded result:
     * the processing happens as {@code AudioSystem.write} reads.
     */
    private static final class ProcessedStream extends InputStream {
        private final AudioInputStream input;
        private final PcmCodec decoder;
        private final PcmCodec encoder;
        private final AudioPlugin plugin;
        private final int blockSize;
        private final float[][] block;
        private final AudioBlock view = new AudioBlock();
        private final byte[] inBytes;
        private final byte[] outBytes;
        private final int latency;
        private int toDrop;
        private long framesIn;
        private long processedTotal;
        private boolean inputDone;
        private int outPos;
        private int outLen;
        private final java.util.function.LongConsumer progress;

        ProcessedStream(AudioInputStream input, PcmCodec decoder, PcmCodec encoder, AudioPlugin plugin,
                        int blockSize, int latency, java.util.function.LongConsumer progress) {
            this.progress = progress;
            this.input = input;
            this.decoder = decoder;
            this.encoder = encoder;
            this.plugin = plugin;
            this.blockSize = blockSize;
            this.block = new float[decoder.channels()][blockSize];
            this.inBytes = new byte[blockSize * decoder.frameSize()];
            this.outBytes = new byte[blockSize * encoder.frameSize()];
            this.latency = latency;
            this.toDrop = latency;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (outPos == outLen) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, outLen - outPos);
            System.arraycopy(outBytes, outPos, b, off, n);
            outPos += n;
            return n;
        }

        /** Processes the next block; false at the end. */
        private boolean fill() throws IOException {
            int frames = 0;
            if (!inputDone) {
                frames = readFrames();
                framesIn += frames;
                inputDone = frames < blockSize;
                progress.accept(framesIn);
            }
            int total = frames;
            if (inputDone) {
                // After the input, zeros flush what the plugin's latency still holds.
                total = (int) Math.min(blockSize, framesIn + latency - processedTotal);
            }
            if (total <= 0) {
                return false;
            }
            for (float[] ch : block) {
                java.util.Arrays.fill(ch, frames, total, 0f);
            }
            plugin.process(view.set(block, 0, total));
            processedTotal += total;
            int drop = Math.min(toDrop, total);
            toDrop -= drop;
            int keep = total - drop;
            encoder.encode(block, drop, outBytes, 0, keep);
            outPos = 0;
            outLen = keep * encoder.frameSize();
            return true;
        }

        private int readFrames() throws IOException {
            int frameSize = decoder.frameSize();
            int got = 0;
            while (got < inBytes.length) {
                int n = input.read(inBytes, got, inBytes.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
            int frames = got / frameSize;
            decoder.decode(inBytes, 0, block, 0, frames);
            return frames;
        }

        @Override
        public void close() throws IOException {
            input.close();
        }
    }
}
