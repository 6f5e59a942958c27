package dev.convstream.live.javasound;

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
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * Live audio through Java Sound: on Linux, ALSA devices (and PulseAudio or PipeWire behind
 * ALSA's default device). Order of {@link #start}: negotiate the format from what the lines
 * list ({@link LineNegotiation}); open the capture line and start the audio thread
 * ({@link JavaSoundStream#open()}), which drops stale input, measures the capture jitter, opens
 * the playback line and primes it with the headroom, then plays silence; meanwhile, on this
 * thread, prepare the engine and warm the whole chain up ({@link ChainWarmUp}); then hand the
 * chain over ({@link JavaSoundStream#goLive()}): the stream goes live once both are done, after
 * dropping whatever was captured before that moment. The two halves overlap (the devices' start
 * takes 1 to 2 s on PulseAudio, a warm-up up to seconds), and nothing captured before go-live
 * is played.
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
        long startNanos = System.nanoTime();
        // Off the critical path: the plugins' warm-up below waits on the JIT, not on this work.
        warmUp.prefetchLiterals(engine.chain());
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
            stream = new JavaSoundStream(engine, capture,
                    frames -> devices.openPlayback(request.outputDevice(), outFormat, frames * outFormat.getFrameSize()),
                    outFormat, plan, opened);
        } catch (RuntimeException e) {
            capture.close();
            throw e;
        }
        stream.setupTimes(startNanos, negotiatedNanos);
        stream.open();
        try {
            long t = System.nanoTime();
            engine.prepare(rate, block, choice.inputChannels(), choice.outputChannels());
            long prepared = System.nanoTime();
            ChainWarmUp.Result warm = warmUp.run(engine, block);
            stream.chainTimes(prepared - t, System.nanoTime() - prepared, warm);
        } catch (RuntimeException | Error e) {
            // The chain refused the stream (or the JVM ran out of something): the lines are
            // open and running already, so they close here rather than at the JVM's exit.
            stream.close();
            throw e;
        }
        try {
            stream.goLive();
        } catch (IllegalStateException e) {
            throw new BackendException(e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
        return stream;
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
