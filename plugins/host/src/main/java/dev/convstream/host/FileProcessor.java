package dev.convstream.host;

import dev.convstream.check.Failures;
import dev.convstream.check.Require;
import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.PcmCodec;
import dev.convstream.audio.WavWriter;
import dev.convstream.io.OutputPaths;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ChannelPlan;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ProcessingMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Offline processing: audio file → plugin (usually a chain) → WAV file, block by block, so
 * files of any length run in constant memory.
 *
 * <p>The input is decoded at its own rate and channel count ({@link AudioFileReader}); the
 * plugin gets every channel, and the output WAV has as many channels as the plugin gives for
 * them ({@link ChannelPlan}: the input's for per-channel chains, two for a mono file through a
 * stereo impulse response), a chain that cannot take them is refused before the output is
 * created. The output has the input's rate, 16-bit PCM for inputs of 16 bits or
 * fewer, else 24-bit, clipped at full scale; it is written under a temporary name and renamed
 * when complete ({@link WavWriter}), so a failed run leaves no partial file, and an output
 * that names the input is refused.
 *
 * <p>Latency is compensated: the first {@code latencySamples()} output frames are dropped and
 * as many zero frames are fed after the input, so the output is exactly as long as the input
 * and time-aligned with it.
 */
public final class FileProcessor {

    /**
     * What was done.
     *
     * @param channels       the input's channels
     * @param outputChannels the output's channels
     * @param warnings       what the reader said about the input although it was read (a
     *                       truncated WAV: {@link AudioFileReader.Source#truncation}), each
     *                       naming the file
     */
    public record Result(long frames, float sampleRate, int channels, int outputChannels, int latencyCompensated,
                         String decodedBy, List<String> warnings) {
    }

    /** Told how far {@link #process} has read, after every block, on the calling thread. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (framesRead, totalFrames, sampleRate) -> { };

        /** @param totalFrames the input's length in frames, or -1 when unknown (ffmpeg input) */
        void update(long framesRead, long totalFrames, float sampleRate);
    }

    private final AudioFileReader reader;

    @jakarta.inject.Inject
    public FileProcessor(AudioFileReader reader) {
        this.reader = reader;
    }

    /**
     * Processes {@code in} through {@code plugin} into the WAV file {@code out}. Prepares the
     * plugin for the file's format; the caller still owns (and closes) the plugin.
     *
     * @param blockSize frames per {@code process} call
     * @throws IOException       naming the file when it cannot be read or written
     * @throws ResourceException when the plugin cannot run at the file's rate or channel count,
     *                           naming the plugin at fault; no output is created
     */
    public Result process(Path in, Path out, AudioPlugin plugin, int blockSize) throws IOException {
        return process(in, out, plugin, blockSize, Progress.NONE);
    }

    /** As {@link #process(Path, Path, AudioPlugin, int)}, reporting progress. */
    public Result process(Path in, Path out, AudioPlugin plugin, int blockSize, Progress progress)
            throws IOException {
        Require.atLeastOne("blockSize", blockSize);
        OutputPaths.requireNotAnInput(out, List.of(in));
        try (AudioFileReader.Source source = reader.open(in)) {
            PcmCodec decoder = AudioFileReader.codec(source, in);
            int channels = source.channels();
            float rate = source.sampleRate();
            WavWriter.Format outFormat = source.stream().getFormat().getSampleSizeInBits() <= 16
                    ? WavWriter.Format.PCM_16 : WavWriter.Format.PCM_24;
            // A file has no deadline: plugins skip the warm-up that only protects live blocks.
            ProcessSpec spec = ResourceException.prepare(plugin, rate, blockSize, channels, ProcessingMode.OFFLINE);
            int latency = plugin.latencySamples();
            long total = source.frames();
            float[][] block = new float[spec.blockChannels()][blockSize];
            // The first outputChannels arrays of the block: what the writer writes.
            float[][] output = Arrays.copyOf(block, spec.outputChannels());
            byte[] bytes = new byte[blockSize * decoder.frameSize()];
            AudioBlock view = new AudioBlock();
            long framesIn = 0;
            int[] leftover = new int[1];
            long processed = 0;
            int toDrop = latency;
            try (WavWriter writer = new WavWriter(out, rate, spec.outputChannels(), outFormat)) {
                boolean inputDone = false;
                while (true) {
                    int frames = 0;
                    if (!inputDone) {
                        frames = readFrames(source, bytes, decoder, block, in, leftover);
                        framesIn += frames;
                        inputDone = frames < blockSize;
                        progress.update(framesIn, total, rate);
                    }
                    // After the input, zeros flush what the plugin's latency still holds.
                    int n = inputDone ? (int) Math.min(blockSize, framesIn + latency - processed) : frames;
                    if (n <= 0) {
                        break;
                    }
                    for (float[] ch : block) {
                        Arrays.fill(ch, frames, n, 0f);
                    }
                    try {
                        plugin.process(view.set(block, 0, n));
                    } catch (RuntimeException e) {
                        // The output is abandoned (no file under its name); say where the input was.
                        throw new IOException(in + ": the chain failed at frame " + processed + ": "
                                + Failures.describe(e), e);
                    }
                    processed += n;
                    int drop = Math.min(toDrop, n);
                    toDrop -= drop;
                    writer.write(output, drop, n - drop);
                }
                if (framesIn == 0) {
                    throw new IOException(in + ": no audio frames (empty or unreadable file)");
                }
                writer.finish();
            }
            return new Result(framesIn, rate, channels, spec.outputChannels(), latency, source.decodedBy(),
                    source.truncation(framesIn, leftover[0]).stream().toList());
        }
    }

    /** Reads up to a block; {@code leftover[0]} is set to the bytes of a partial last frame. */
    private static int readFrames(AudioFileReader.Source source, byte[] bytes, PcmCodec decoder, float[][] block,
                                  Path in, int[] leftover) throws IOException {
        int got = 0;
        try {
            while (got < bytes.length) {
                int n = source.stream().read(bytes, got, bytes.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
        } catch (IOException e) {
            // A device lost mid-read says only "Input/output error": the user needs the file too.
            throw new IOException(in + ": read failed: " + Failures.describe(e), e);
        }
        int frames = got / decoder.frameSize();
        leftover[0] = got - frames * decoder.frameSize();
        decoder.decode(bytes, 0, block, 0, frames);
        return frames;
    }
}
