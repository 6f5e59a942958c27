package dev.convstream.host;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.io.jvm.JVMAudioInputStream;
import dev.convstream.plugin.AudioPlugin;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * Live processing: capture device → plugin → playback device, through a TarsosDSP
 * {@link AudioDispatcher} on its own thread. Mono, 16-bit, at a chosen sample rate; the
 * block size is the dispatcher's buffer size (no overlap), which sets the latency added by
 * processing: one block, plus what the devices buffer.
 */
public final class LiveRunner {

    /**
     * @param inputDevice    capture device name (exact, or a case-insensitive part), null for the default
     * @param outputDevice   playback device name, null for the default
     * @param blockSize      frames per block
     * @param sampleRate     samples per second
     * @param headroomMillis silence queued on the playback line before the first block, so that
     *                       capture jitter does not underrun playback (an underrun is an audible
     *                       gap); it adds that much latency. 100 ms is safe on a loaded machine
     *                       or a PulseAudio virtual device; a real sound card on an idle machine
     *                       manages with 10-20 ms.
     */
    public record Options(String inputDevice, String outputDevice, int blockSize, float sampleRate,
                          int headroomMillis) {

        public static final int DEFAULT_HEADROOM_MILLIS = 100;

        public Options {
            if (blockSize < 16 || blockSize > 65_536) {
                throw new IllegalArgumentException("block size must be in [16, 65536] frames, found " + blockSize);
            }
            if (!(sampleRate >= 8_000 && sampleRate <= 192_000)) {
                throw new IllegalArgumentException("sample rate must be in [8000, 192000] Hz, found " + sampleRate);
            }
            if (headroomMillis < 0 || headroomMillis > 2_000) {
                throw new IllegalArgumentException("headroom must be in [0, 2000] ms, found " + headroomMillis);
            }
        }

        /** Options with the default headroom. */
        public Options(String inputDevice, String outputDevice, int blockSize, float sampleRate) {
            this(inputDevice, outputDevice, blockSize, sampleRate, DEFAULT_HEADROOM_MILLIS);
        }

        int frames(int millis) {
            return (int) (sampleRate * millis / 1000);
        }
    }

    private final AudioDevices devices;

    @jakarta.inject.Inject
    public LiveRunner(AudioDevices devices) {
        this.devices = devices;
    }

    /**
     * Prepares {@code plugin}, then opens both devices and starts processing on a new thread.
     * Preparing comes first because it can take seconds (resources built, JIT warm-up): done
     * with the devices open, capture would overrun and playback underrun meanwhile.
     *
     * @throws ResourceException            when the plugin cannot run at these options; no device
     *                                      was opened
     * @throws AudioDevices.DeviceException when a device is missing or busy; nothing is left open
     */
    public Session start(AudioPlugin plugin, Options options) throws AudioDevices.DeviceException {
        ChainAudioProcessor processor =
                new ChainAudioProcessor(plugin, options.sampleRate(), options.blockSize()).prepare();
        AudioFormat format = new AudioFormat(options.sampleRate(), 16, 1, true, false);
        int frameSize = format.getFrameSize();
        // Capture: a few blocks, at least 50 ms, so a late audio thread does not overrun it.
        int captureBytes = Math.max(4 * options.blockSize(), options.frames(50)) * frameSize;
        // Playback: room for the headroom plus several blocks of jitter.
        int prefill = Math.max(options.blockSize(), options.frames(options.headroomMillis()));
        int playbackBytes = Math.max(8 * options.blockSize(), 4 * prefill) * frameSize;
        TargetDataLine capture = devices.openCapture(options.inputDevice(), format, captureBytes);
        SourceDataLine playback;
        try {
            playback = devices.openPlayback(options.outputDevice(), format, playbackBytes);
        } catch (AudioDevices.DeviceException e) {
            capture.close();
            throw e;
        }
        AudioDispatcher dispatcher = new AudioDispatcher(
                new JVMAudioInputStream(new AudioInputStream(capture)), options.blockSize(), 0);
        Session session = new Session(dispatcher, capture, playback);
        dispatcher.addAudioProcessor(processor);
        dispatcher.addAudioProcessor(session.counter);
        dispatcher.addAudioProcessor(new LinePlayer(playback, options.blockSize(), prefill));
        playback.start();
        capture.start();
        session.thread.start();
        return session;
    }

    /** A running live pipeline. {@link #stop()} ends it; the plugin stays the caller's to close. */
    public static final class Session implements AutoCloseable {
        private final AudioDispatcher dispatcher;
        private final TargetDataLine capture;
        private final SourceDataLine playback;
        private final Thread thread;
        private final AtomicLong blocks = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final be.tarsos.dsp.AudioProcessor counter = new be.tarsos.dsp.AudioProcessor() {
            @Override
            public boolean process(be.tarsos.dsp.AudioEvent e) {
                blocks.incrementAndGet();
                return true;
            }

            @Override
            public void processingFinished() {
            }
        };

        private Session(AudioDispatcher dispatcher, TargetDataLine capture, SourceDataLine playback) {
            this.dispatcher = dispatcher;
            this.capture = capture;
            this.playback = playback;
            this.thread = new Thread(dispatcher, "convstream-live-audio");
            this.thread.setDaemon(true);
            this.thread.setPriority(Thread.MAX_PRIORITY);
            this.thread.setUncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e));
        }

        /** Blocks processed so far. [thread-safe] */
        public long blocksProcessed() {
            return blocks.get();
        }

        /** Whether the audio thread is still running. [thread-safe] */
        public boolean isRunning() {
            return thread.isAlive();
        }

        /** The error that ended the audio thread, if any. [thread-safe] */
        public Throwable failure() {
            return failure.get();
        }

        /**
         * Stops the dispatcher, closes both lines and waits for the audio thread to end.
         * Idempotent. [main-thread]
         */
        public void stop() throws InterruptedException {
            if (!dispatcher.isStopped()) {
                dispatcher.stop(); // closes the capture stream: a blocked read returns
            }
            thread.join(5_000);
            capture.close();
            playback.close();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
