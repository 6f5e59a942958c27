package dev.convstream.cli;

import dev.convstream.features.StreamingFeatureExtractor;
import dev.convstream.live.javasound.JavaSoundDevices;
import dev.convstream.audio.PcmCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.TargetDataLine;

/**
 * Live features: PCM audio, block by block, through a {@link StreamingFeatureExtractor}, one
 * feature vector per STFT frame handed to a {@link FrameSink} as soon as it is complete.
 *
 * <p>The same loop ({@link #run}) serves a capture device ({@link #openMicrophone}, through
 * the live module's {@link JavaSoundDevices}) and any {@link AudioInputStream}, so a file fed
 * through it is the test of the live path. Channels are averaged to mono; the stream's rate
 * must be the front end's (the device is opened at that rate).
 *
 * <p>Equality with offline extraction: with the same settings, {@code center=false} and no
 * {@code top_db}, emitted frame {@code i} equals offline frame {@code i - delayFrames()}
 * ({@link StreamingFeatureExtractor#delayFrames()}: 0 for log-mel, the CNN's non-causal time
 * padding otherwise; frames before the delay are the CNN's response to zero history).
 * Frame {@code i} is emitted once sample {@code i*hop + n_fft - 1} has arrived.
 */
public final class LiveFeatures {

    /** Receives frames; called on the capture thread. */
    public interface FrameSink {
        /** {@code frames[f*size .. (f+1)*size)} for {@code f < count}; {@code firstIndex} is the stream index of the first. */
        void accept(long firstIndex, float[] frames, int count, int size) throws IOException;
    }

    private final StreamingFeatureExtractor extractor;
    private final int blockFrames;

    /** @param blockFrames frames read per block (the latency of the read, besides the STFT's) */
    public LiveFeatures(StreamingFeatureExtractor extractor, int blockFrames) {
        if (blockFrames < 1) {
            throw new IllegalArgumentException("block must be >= 1 frame, found " + blockFrames);
        }
        this.extractor = extractor;
        this.blockFrames = blockFrames;
    }

    public StreamingFeatureExtractor extractor() {
        return extractor;
    }

    /** 16-bit signed little-endian mono at the front end's rate: what the device is opened with. */
    public AudioFormat captureFormat() {
        return new AudioFormat(extractor.config().sampleRate(), 16, 1, true, false);
    }

    /**
     * Opens and starts the capture device ({@code null}: the default one) at
     * {@link #captureFormat()}; reading the returned stream reads the microphone.
     */
    public AudioInputStream openMicrophone(JavaSoundDevices devices, String device) throws JavaSoundDevices.DeviceException {
        AudioFormat f = captureFormat();
        TargetDataLine line = devices.openCapture(device, f, Math.max(4 * blockFrames, 4096) * f.getFrameSize());
        line.start();
        return new AudioInputStream(line);
    }

    /**
     * Reads {@code source} to its end, until {@code maxFrames} frames (samples per channel;
     * {@code <= 0}: no limit) or until {@code stop} says so, feeding every block through the
     * extractor and the frames out to {@code sink}.
     *
     * @return feature frames emitted
     * @throws IllegalArgumentException when the source's rate differs from the front end's
     */
    public long run(AudioInputStream source, long maxFrames, BooleanSupplier stop, FrameSink sink) throws IOException {
        AudioFormat f = source.getFormat();
        if (Math.abs(f.getSampleRate() - extractor.config().sampleRate()) > 1e-3) {
            throw new IllegalArgumentException("live input runs at " + f.getSampleRate() + " Hz, the front end at "
                    + extractor.config().sampleRate() + " Hz: open the input at the front end's rate");
        }
        PcmCodec codec = new PcmCodec(f);
        int channels = codec.channels();
        int frameSize = codec.frameSize();
        byte[] bytes = new byte[blockFrames * frameSize];
        float[][] planes = new float[channels][blockFrames];
        float[] mono = new float[blockFrames];
        int size = extractor.featureSize();
        float[] out = new float[extractor.maxFrames(blockFrames) * size];
        long read = 0;
        long emitted = 0;
        InputStream in = source;
        while (!stop.getAsBoolean() && (maxFrames <= 0 || read < maxFrames)) {
            int want = blockFrames;
            if (maxFrames > 0) {
                want = (int) Math.min(want, maxFrames - read);
            }
            int got = readFully(in, bytes, want * frameSize);
            int frames = got / frameSize;
            if (frames == 0) {
                break;
            }
            codec.decode(bytes, 0, planes, 0, frames);
            for (int i = 0; i < frames; i++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += planes[c][i];
                }
                mono[i] = sum / channels;
            }
            int n = extractor.process(mono, 0, frames, out, 0);
            if (n > 0) {
                sink.accept(emitted, out, n, size);
            }
            emitted += n;
            read += frames;
            if (got < want * frameSize) {
                break;
            }
        }
        return emitted;
    }

    private static int readFully(InputStream in, byte[] b, int len) throws IOException {
        int got = 0;
        while (got < len) {
            int n = in.read(b, got, len - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }
}
