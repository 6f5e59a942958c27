package dev.convstream.live.javasound;

import com.google.common.util.concurrent.Uninterruptibles;
import dev.convstream.live.AudioBackend;
import dev.convstream.live.AudioDevice;
import dev.convstream.live.ChainWarmUp;
import dev.convstream.live.LiveEngine;
import dev.convstream.live.LiveSession;
import dev.convstream.live.SampleFormat;
import dev.convstream.live.StreamInfo;
import dev.convstream.live.StreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * Live audio through Java Sound: on Linux, ALSA devices (and PulseAudio or PipeWire behind
 * ALSA's default device). Order of {@link #start}: {@link #open} negotiates the format from
 * what the lines list ({@link LineNegotiation}), opens the capture line and starts the audio
 * thread ({@link JavaSoundStream#open()}), which drops stale input, measures the capture jitter,
 * opens the playback line and primes it with the headroom, then plays silence; meanwhile, on
 * this thread, {@link Opening#start} prepares the engine and warms the whole chain up
 * ({@link ChainWarmUp}), then hands the chain over ({@link JavaSoundStream#goLive(LiveEngine)}):
 * the stream goes live once both are done, after dropping whatever was captured before that
 * moment. The two halves overlap (the devices' start takes 0.5 to 2 s on PulseAudio, a warm-up
 * up to seconds), and nothing captured before go-live is played. A host that calls
 * {@link #open} before it loads the chain (the CLI's {@code live}) overlaps the loading with the
 * devices' start too.
 */
public final class JavaSoundBackend implements AudioBackend {

    public static final String ID = "javasound";
    /** Frames per period when the request leaves it open: 5.3 ms at 48 kHz. */
    public static final int DEFAULT_BLOCK = 256;
    /** Calibration of the capture jitter at start: at most this long. */
    static final double CALIBRATION_SECONDS = 0.75;
    /**
     * ... and over as soon as the largest lateness has not grown for this long: more than two of
     * PulseAudio's capture bursts (125 ms apart with this class's capture buffer; BENCHMARKS.md,
     * "Live: a virtual card that stays clocked").
     */
    static final double CALIBRATION_SETTLE_SECONDS = 0.3;
    /** The most headroom a measured jitter may ask for. */
    static final double MAX_HEADROOM_SECONDS = 0.25;
    /** The capture line's buffer: room for bursts and a late audio thread; it adds no latency. */
    static final double CAPTURE_BUFFER_SECONDS = 0.5;

    /** The format devices are listed for when one is missing: every card plays it. */
    private static final AudioFormat PROBE = SampleFormat.S16.toAudioFormat(48_000, 1);

    private final JavaSoundDevices devices;
    private final ChainWarmUp warmUp;

    public JavaSoundBackend() {
        this(new JavaSoundDevices(), new ChainWarmUp(ChainWarmUp.DEFAULT));
    }

    public JavaSoundBackend(JavaSoundDevices devices, ChainWarmUp warmUp) {
        this.devices = devices;
        this.warmUp = warmUp;
    }

    @Override
    public String id() {
        return ID;
    }

    /** Java Sound lists a capture and a playback line (it opens nothing). */
    @Override
    public boolean isAvailable() {
        return !devices.formats(TargetDataLine.class, null).isEmpty()
                && !devices.formats(SourceDataLine.class, null).isEmpty();
    }

    /** Every mixer with a capture or playback data line, with the most channels it lists. */
    @Override
    public List<AudioDevice> devices() {
        List<AudioDevice> out = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer m = AudioSystem.getMixer(info);
            int in = maxChannels(m.getTargetLineInfo());
            int o = maxChannels(m.getSourceLineInfo());
            if (in > 0 || o > 0) {
                out.add(new AudioDevice(ID, info.getName(), info.getDescription(), in, o));
            }
        }
        return out;
    }

    @Override
    public LiveSession start(StreamRequest request, LiveEngine engine) throws BackendException {
        try (Opening opening = open(request)) {
            return opening.start(engine);
        }
    }

    /**
     * Starts, on a thread of its own, what needs no chain: negotiating the format, opening the
     * capture line and starting the audio thread, which gets the devices ready and plays silence
     * ({@link JavaSoundStream#open()}). Returns at once: a host that calls this before loading
     * its models has the sound server's round trips (0.1 to 1 s) overlap the loading, and
     * {@link Opening#start} waits for whatever is left of them. A device that cannot be had is
     * reported by {@link Opening#start}. The literals' prefetch ({@link ChainWarmUp}) starts here
     * too.
     */
    @Override
    public Opening open(StreamRequest request) {
        warmUp.prefetchLiterals();
        FutureTask<Devices> task = new FutureTask<>(() -> openDevices(request));
        Thread t = new Thread(task, "convstream-javasound-open");
        t.setDaemon(true);
        t.start();
        return new Pending(task);
    }

    /** A stream whose devices are starting: the audio thread runs, the engine is not there yet. */
    private record Devices(JavaSoundStream stream, double rate, int block, int inputChannels, int outputChannels) {
    }

    private Devices openDevices(StreamRequest request) throws BackendException {
        long startNanos = System.nanoTime();
        LineNegotiation.Choice choice = LineNegotiation.choose(request,
                formats(TargetDataLine.class, "capture", request.inputDevice()),
                formats(SourceDataLine.class, "playback", request.outputDevice()));
        int block = request.blockSize() > 0 ? request.blockSize() : DEFAULT_BLOCK;
        double rate = choice.sampleRate();
        long negotiatedNanos = System.nanoTime();
        JavaSoundStream.StreamPlan plan = plan(request, rate, block);
        AudioFormat inFormat = choice.captureFormat();
        AudioFormat outFormat = choice.playbackFormat();
        int captureFrames = Math.max(8 * block, frames(rate, CAPTURE_BUFFER_SECONDS));
        TargetDataLine capture;
        try {
            capture = devices.openCapture(request.inputDevice(), inFormat, captureFrames * inFormat.getFrameSize());
        } catch (JavaSoundDevices.DeviceException e) {
            throw new BackendException(e.getMessage(), e);
        }
        StreamInfo opened = new StreamInfo(ID, name(request.inputDevice()), name(request.outputDevice()), rate, block,
                choice.inputChannels(), choice.outputChannels(), describe(choice.format()), 0);
        JavaSoundStream stream;
        try {
            stream = new JavaSoundStream(null, capture,
                    frames -> devices.openPlayback(request.outputDevice(), outFormat, frames * outFormat.getFrameSize()),
                    outFormat, plan, opened);
        } catch (RuntimeException e) {
            capture.close();
            throw e;
        }
        stream.setupTimes(startNanos, negotiatedNanos);
        stream.open();
        return new Devices(stream, rate, block, choice.inputChannels(), choice.outputChannels());
    }

    /** The devices {@link #open} is starting, waiting for the chain. */
    private final class Pending implements Opening {
        private final FutureTask<Devices> devices;
        /** Set by start, successful or not: from then on the stream is not this object's to close. */
        private boolean handedOver;

        Pending(FutureTask<Devices> devices) {
            this.devices = devices;
        }

        @Override
        public LiveSession start(LiveEngine engine) throws BackendException {
            if (handedOver) {
                throw new IllegalStateException("this stream was started or closed already");
            }
            handedOver = true;
            Devices d = await(devices);
            JavaSoundStream stream = d.stream();
            try {
                warmUp.prefetchLiterals(engine.chain()); // started by open already: nothing more
                long t = System.nanoTime();
                engine.prepare(d.rate(), d.block(), d.inputChannels(), d.outputChannels());
                long prepared = System.nanoTime();
                ChainWarmUp.Result warm = warmUp.run(engine, d.block());
                stream.chainTimes(t, engine.preparedReport(), System.nanoTime() - prepared, warm);
            } catch (RuntimeException | Error e) {
                // The chain refused the stream (or the JVM ran out of something): the lines are
                // open and running already, so they close here rather than at the JVM's exit.
                stream.close();
                throw e;
            }
            try {
                stream.goLive(engine);
            } catch (IllegalStateException e) {
                throw new BackendException(e.getMessage(), e.getCause() == null ? e : e.getCause());
            }
            return stream;
        }

        @Override
        public void close() {
            if (handedOver) {
                return;
            }
            handedOver = true;
            try {
                await(devices).stream().close();
            } catch (BackendException e) {
                // Nothing was left open: the opening failed before or while opening a line.
            }
        }
    }

    /** The opened devices, once the opening thread has them; its failure rethrown as it was. */
    private static Devices await(FutureTask<Devices> task) throws BackendException {
        try {
            return Uninterruptibles.getUninterruptibly(task);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendException b) {
                throw new BackendException(b.getMessage(), b);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("opening the devices failed", cause);
        }
    }

    /** What the named device's lines list; missing device: an exception listing those there are. */
    private List<AudioFormat> formats(Class<? extends DataLine> type, String direction, String name)
            throws BackendException {
        List<AudioFormat> formats = devices.formats(type, name);
        if (formats.isEmpty()) {
            throw new BackendException(devices.describeMissing(direction, name, PROBE, type));
        }
        return formats;
    }

    /**
     * Headroom policy: fixed from the latency target (less the capture block and the block
     * queued with the headroom), else the measured jitter, up to {@link #MAX_HEADROOM_SECONDS}.
     */
    static JavaSoundStream.StreamPlan plan(StreamRequest request, double rate, int block) {
        int calibration = Math.max(16, (int) Math.ceil(CALIBRATION_SECONDS * rate / block));
        int settle = Math.min(calibration, Math.max(8, (int) Math.ceil(CALIBRATION_SETTLE_SECONDS * rate / block)));
        int max = Math.max(2 * block, frames(rate, MAX_HEADROOM_SECONDS));
        if (request.latencyMillis() > 0) {
            int fixed = Math.max(0, frames(rate, request.latencyMillis() / 1000) - 2 * block);
            return new JavaSoundStream.StreamPlan(block, calibration, settle, fixed, Math.max(max, fixed));
        }
        return new JavaSoundStream.StreamPlan(block, calibration, settle, -1, max);
    }

    private static int frames(double rate, double seconds) {
        return (int) Math.round(rate * seconds);
    }

    private static int maxChannels(Line.Info[] infos) {
        int max = 0;
        for (Line.Info li : infos) {
            if (li instanceof DataLine.Info d) {
                for (AudioFormat f : d.getFormats()) {
                    max = Math.max(max, f.getChannels());
                }
            }
        }
        return max;
    }

    private static String describe(SampleFormat f) {
        return f.id() + " (" + (f == SampleFormat.F32 ? "32-bit float" : f.name().substring(1) + "-bit integer") + ")";
    }

    private static String name(String device) {
        return device == null ? "default" : device;
    }
}
