package dev.convstream.live.javasound;

import dev.convstream.audio.PcmCodec;
import dev.convstream.live.ChainWarmUp;
import dev.convstream.live.LiveEngine;
import dev.convstream.live.LiveSession;
import dev.convstream.live.StreamInfo;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * One running Java Sound stream: a plain audio thread that reads a block from the capture
 * line, runs the {@link LiveEngine} on it and writes the result to the playback line, at the
 * highest thread priority.
 *
 * <p>Why not TarsosDSP's dispatcher, as before: it allocates a float buffer per read on some
 * paths, wraps the line in two streams that hide how long a read waited (which the jitter and
 * backlog measurements below need), and knows one channel; a read-process-write loop is all
 * the audio thread does.
 *
 * <p>Start-up, in two halves that run at the same time: {@link #open()} starts the audio
 * thread, which gets the devices ready while the main thread prepares and warms up the chain,
 * and {@link #goLive()} hands the chain over once it is warm. On the audio thread, before the
 * first sample reaches the playback line: the capture line starts and its stale content is read
 * and dropped (a flush does not drop it on PulseAudio's ALSA plugin): reads that return without
 * waiting (less than half a period) were served from old data, the first read that waits is at
 * the live edge. A calibration then reads blocks and measures how late they arrive
 * ({@link ArrivalClock}) until the largest lateness stops growing ({@link #calibrate}). The
 * headroom follows: without a latency target, the measured jitter plus one block; with one, the
 * target less two blocks. Only now is
 * the playback line opened, with a buffer of headroom plus two blocks, and started, the headroom
 * is queued as silence and silence is played until the line takes blocks without waiting
 * ({@link #primePlayback}). Silence goes on being played, one block per block captured and
 * dropped, until the chain is handed over ({@link #awaitChain}). Then what the sound server
 * still holds beyond the measured jitter is dropped ({@link #catchUp}: the clock says how far
 * behind the reads are, even when the sound server hands the backlog over in paced bursts), and
 * so is every block captured before the chain was handed over ({@link #dropCapturedBefore}: when
 * the chain is ready last, the seconds of capture during its warm-up), and the stream goes live.
 * When the devices are ready last, the chain was handed over before they were, and the first
 * block played is, as before this overlap, no older than the measured jitter plus a period:
 * waiting for a block captured wholly after the devices were ready would cost up to one more
 * burst of the sound server (~130 ms on the virtual card) and make nothing fresher than the
 * headroom already allows for. The engine is touched by the audio thread only after the hand-over
 * (a volatile write after the warm-up, read before the first {@code process}).
 *
 * <p>Why the playback buffer is sized to the headroom rather than generously: PulseAudio's ALSA
 * plugin starts playing only once the buffer is full but one period (its {@code prebuf}), so on
 * PulseAudio the buffer size is the latency, whatever is queued first (measured: a 12049-frame
 * buffer started playing at 11376 queued frames). A real ALSA card starts at the first frame;
 * either way the queue then holds headroom plus about a block. The headroom therefore cannot
 * grow while the line is open: an underrun is counted and the headroom queued again. When
 * dropouts repeat ({@value #GROW_AFTER_UNDERRUNS} within {@value #GROW_WINDOW_SECONDS} s; an
 * underrun, or a capture block later than the headroom while less than a block is queued) and
 * the headroom follows the measured jitter (no {@code --latency} target), the playback line is
 * closed and opened again with half as much headroom again (at least a block more), up to the
 * plan's most; the status line's latency shows the new value ({@link #info()}), and
 * {@link #headroomGrowths()} counts the steps. Reopening takes the time of opening a line, on
 * the audio thread, once per step: a dropout in a stream that was already dropping out.
 *
 * <p>Xruns counted on the engine: a playback underrun (the line's queue ran empty: its
 * {@code available()} reached its buffer size; the headroom is written again), and a capture
 * backlog (a block arrived later than headroom plus one period while less than a block was left
 * queued for playback: the blocks behind it are read and dropped down to the measured jitter, so
 * that latency does not grow). A late block with the output still fed is a capture burst, not a
 * dropout: PulseAudio delivers capture in bursts of more than a 60 or 100 ms headroom while its
 * playback queue never empties (seen on the virtual card), and dropping input then would cut
 * audio that was never lost. Java Sound's own {@code available()} of a capture
 * line is not used: on PulseAudio's ALSA plugin it reports a full buffer at all times.
 *
 * <p>The loop allocates nothing; Java Sound's {@code read}/{@code write} take an uncontended
 * monitor inside the JDK, which no Java Sound program can avoid.
 */
final class JavaSoundStream implements LiveSession, Runnable {

    /**
     * Sizes and policies of one stream, in frames.
     *
     * @param calibrationSettleBlocks the calibration ends early once the largest lateness has not
     *     grown by more than a period for this many blocks (at least this many are read)
     * @param fixedPrefillFrames headroom from a latency target, or -1 to follow the measured jitter
     * @param maxPrefillFrames   the most headroom the measured jitter may ask for
     */
    record StreamPlan(int blockSize, int calibrationBlocks, int calibrationSettleBlocks, int fixedPrefillFrames,
                      int maxPrefillFrames) {
        /** A calibration that always reads all {@code calibrationBlocks} blocks. */
        StreamPlan(int blockSize, int calibrationBlocks, int fixedPrefillFrames, int maxPrefillFrames) {
            this(blockSize, calibrationBlocks, calibrationBlocks, fixedPrefillFrames, maxPrefillFrames);
        }

        /** Headroom follows the measured jitter. */
        boolean adaptive() {
            return fixedPrefillFrames < 0;
        }
    }

    /** Opens (not starts) the playback line with a buffer of {@code frames}; [audio thread, at start]. */
    interface PlaybackOpener {
        SourceDataLine open(int frames) throws Exception;
    }

    /** Underruns within {@link #GROW_WINDOW_SECONDS} that make the headroom grow. */
    static final int GROW_AFTER_UNDERRUNS = 2;
    static final int GROW_WINDOW_SECONDS = 10;

    /** How long {@link #goLive()} waits for the audio thread beyond the devices' own start. */
    private static final long START_TIMEOUT_SECONDS = 20;
    private static final int PRIMED_BLOCKS = 20;
    private static final long PRIME_TIMEOUT_NANOS = 5_000_000_000L;

    /**
     * Given to the constructor, or at the hand-over ({@link #goLive(LiveEngine)}) when the devices
     * were started before the chain existed; written before the volatile {@code chainReady}, so
     * the audio thread, which reads it only after that flag, sees it.
     */
    private LiveEngine engine;
    private final TargetDataLine capture;
    private final PlaybackOpener opener;
    private volatile SourceDataLine playback;
    private final StreamPlan plan;
    private final StreamInfo opened;
    private volatile int chainLatency;
    private final PcmCodec inCodec;
    private final PcmCodec outCodec;
    private final byte[] inBytes;
    private final byte[] outBytes;
    private final byte[] silence;
    private final float[][] in;
    private final float[][] out;
    private final long periodNanos;
    private final ArrivalClock clock;
    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch devicesReady = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private volatile boolean running = true;
    private volatile int prefillFrames;
    private volatile int growths;
    // Audio-thread state: blocks played, and the block of each of the last underruns.
    private long blocksPlayed;
    private final long[] recentUnderruns = new long[GROW_AFTER_UNDERRUNS];
    private int underrunCount;
    private volatile long jitterNanos;
    private volatile boolean primeTimedOut;
    /** Set once by {@link #goLive()}, after the chain's warm-up: the hand-over of the engine. */
    private volatile boolean chainReady;
    // Start-up times (System.nanoTime), for startReport and the tests.
    private volatile long openedNanos;
    private volatile long setupStartNanos;
    private volatile long negotiatedNanos;
    /** When the chain's prepare began (System.nanoTime): how long after the lines opened. */
    private volatile long prepareStartNanos;
    private volatile long warmUpCallNanos;
    private volatile String preparedReport = "";
    private volatile ChainWarmUp.Result warmUp;
    private volatile long devicesReadyNanos;
    private volatile long staleDroppedNanos;
    private volatile long calibratedNanos;
    private volatile int calibrationBlocksRead;
    private volatile long playbackStartedNanos;
    private volatile long lastSlowWriteNanos;
    private volatile long chainReadyNanos;
    private volatile long liveNanos;
    /** Largest lateness of a capture block while waiting for the chain (after calibration). */
    private volatile long waitJitterNanos;
    /** Blocks dropped at go-live because they were captured before the hand-over. */
    private volatile int droppedAtLive;
    /** When the last block read was complete, by the arrival clock's grid. [audio thread] */
    private long lastCompleteNanos;

    /**
     * @param engine the engine to run, or null when it is given at {@link #goLive(LiveEngine)}
     * @param opened what was negotiated; its latency is replaced by the one measured at start
     */
    JavaSoundStream(LiveEngine engine, TargetDataLine capture, PlaybackOpener opener, AudioFormat playbackFormat,
                    StreamPlan plan, StreamInfo opened) {
        this.engine = engine;
        this.capture = capture;
        this.opener = opener;
        this.plan = plan;
        this.opened = opened;
        this.inCodec = new PcmCodec(capture.getFormat());
        this.outCodec = new PcmCodec(playbackFormat);
        int block = plan.blockSize();
        this.inBytes = new byte[block * inCodec.frameSize()];
        this.outBytes = new byte[block * outCodec.frameSize()];
        this.silence = new byte[Math.max(block, plan.maxPrefillFrames()) * outCodec.frameSize()];
        this.in = new float[inCodec.channels()][block];
        this.out = new float[outCodec.channels()][block];
        this.periodNanos = Math.round(block * 1e9 / capture.getFormat().getSampleRate());
        // Windows of one second, eight of them: drift of 100 ppm moves the origin 0.8 ms meanwhile.
        this.clock = new ArrivalClock(periodNanos, Math.max(periodNanos, 1_000_000_000L), 8);
        this.thread = new Thread(this, "convstream-javasound-audio");
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MAX_PRIORITY);
    }

    /**
     * {@link #open()} then {@link #goLive()}: for an engine that is already prepared and warm.
     * [main-thread]
     *
     * @throws IllegalStateException with the audio thread's failure, or when it did not start in time
     */
    void begin() {
        open();
        goLive();
    }

    /**
     * Starts the audio thread, which gets the devices ready (stale input dropped, jitter
     * measured, playback primed with the headroom) and then plays silence until
     * {@link #goLive()}; returns at once, so the caller can prepare and warm up the chain
     * meanwhile. The engine is not touched before {@link #goLive()}. [main-thread, once]
     */
    void open() {
        openedNanos = System.nanoTime();
        thread.start();
        warmCodecs();
    }

    /**
     * When the chain's prepare began, how long it took (whole and per plugin, as
     * {@link dev.convstream.live.LiveEngine#preparedReport} says) and its warm-up (the whole call,
     * and the warm-up's own blocks), for {@link #startReport()}. [main-thread, before goLive]
     */
    void chainTimes(long prepareStartNanos, String preparedReport, long warmUpCallNanos, ChainWarmUp.Result warmUp) {
        this.prepareStartNanos = prepareStartNanos;
        this.preparedReport = preparedReport;
        this.warmUpCallNanos = warmUpCallNanos;
        this.warmUp = warmUp;
    }

    /** When the backend's start began and the format was negotiated (System.nanoTime), for {@link #startReport()}. */
    void setupTimes(long startNanos, long negotiatedNanos) {
        this.setupStartNanos = startNanos;
        this.negotiatedNanos = negotiatedNanos;
    }

    /**
     * Hands the engine (prepared and warmed up) to the audio thread and waits until the
     * stream is live: the devices ready, and what was captured before the hand-over dropped.
     * [main-thread, once, after {@link #open()}]
     *
     * @throws IllegalStateException with the audio thread's failure, or when it did not start in time
     */
    void goLive() {
        if (engine == null) {
            throw new IllegalStateException("no engine to hand over: give it to goLive(engine)");
        }
        handOver();
    }

    /**
     * {@link #goLive()} with the engine of a stream whose devices were started before the chain
     * was loaded (constructed without one). [main-thread, once, after {@link #open()}]
     */
    void goLive(LiveEngine engine) {
        if (this.engine != null) {
            throw new IllegalStateException("this stream already has its engine");
        }
        this.engine = engine;
        handOver();
    }

    private void handOver() {
        chainLatency = engine.chain().latencySamples();
        chainReadyNanos = System.nanoTime();
        chainReady = true;
        try {
            if (!started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                close();
                throw new IllegalStateException("the capture line delivered no audio for " + START_TIMEOUT_SECONDS
                        + " s after it started");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while the stream started", e);
        }
        if (failure.get() != null) {
            close();
            throw new IllegalStateException("the audio thread failed at start: " + failure.get(), failure.get());
        }
    }

    @Override
    public void run() {
        try {
            capture.start();
            dropStaleInput();
            staleDroppedNanos = System.nanoTime();
            calibrate();
            calibratedNanos = System.nanoTime();
            prefillFrames = plan.adaptive()
                    ? Math.min(plan.maxPrefillFrames(), plan.blockSize() + framesOf(jitterNanos))
                    : plan.fixedPrefillFrames();
            playback = opener.open(prefillFrames + 2 * plan.blockSize());
            playback.start();
            playbackStartedNanos = System.nanoTime();
            writeSilence(prefillFrames);
            primePlayback();
            devicesReadyNanos = System.nanoTime();
            devicesReady.countDown();
            if (!awaitChain()) {
                return;
            }
            catchUp(jitterNanos + periodNanos);
            dropCapturedBefore(chainReadyNanos);
            liveNanos = System.nanoTime();
            started.countDown();
            while (running) {
                long late = readTimed();
                if (late < 0) {
                    break;
                }
                if (late > nanosOf(prefillFrames) + periodNanos && outputNearlyDry()) {
                    // Later than the headroom, and the output ran (nearly) dry meanwhile: a
                    // dropout. A late block with the output still queued is a capture burst
                    // (PulseAudio delivers capture in bursts beyond the headroom while its
                    // playback stays fed): nothing was lost, so nothing is counted or dropped.
                    engine.noteXrun();
                    if (dropoutsRepeat()) {
                        growHeadroom();
                    }
                    catchUp(jitterNanos + periodNanos);
                }
                if (playback.available() >= playback.getBufferSize()) {
                    engine.noteXrun();
                    if (dropoutsRepeat() && growHeadroom()) {
                        catchUp(jitterNanos + periodNanos);
                    } else {
                        writeSilence(prefillFrames);
                    }
                }
                blocksPlayed++;
                inCodec.decode(inBytes, 0, in, 0, plan.blockSize());
                engine.process(in, 0, out, 0, plan.blockSize());
                outCodec.encode(out, 0, outBytes, 0, plan.blockSize());
                playback.write(outBytes, 0, outBytes.length);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            running = false;
            started.countDown();
        }
    }

    /**
     * Notes a dropout (once per block, whichever way it was seen); whether
     * {@link #GROW_AFTER_UNDERRUNS} of them fell within the window.
     */
    private boolean dropoutsRepeat() {
        if (underrunCount > 0 && recentUnderruns[(underrunCount - 1) % recentUnderruns.length] == blocksPlayed) {
            return false;
        }
        recentUnderruns[underrunCount++ % recentUnderruns.length] = blocksPlayed;
        long oldest = recentUnderruns[underrunCount % recentUnderruns.length];
        long window = GROW_WINDOW_SECONDS * 1_000_000_000L / periodNanos;
        return underrunCount >= GROW_AFTER_UNDERRUNS && blocksPlayed - oldest <= window;
    }

    /**
     * Reopens the playback line with more headroom, queued as silence: half as much again, at
     * least a block more, at most the plan's most. Only when the headroom follows the jitter.
     *
     * @return false when it cannot grow (a latency target, or at the most already)
     */
    private boolean growHeadroom() throws Exception {
        int next = Math.min(plan.maxPrefillFrames(), prefillFrames + Math.max(plan.blockSize(), prefillFrames / 2));
        if (!plan.adaptive() || next <= prefillFrames) {
            return false;
        }
        SourceDataLine old = playback;
        old.stop();
        old.close();
        SourceDataLine fresh = opener.open(next + 2 * plan.blockSize());
        playback = fresh;
        if (!running) {
            fresh.close();
            return true;
        }
        fresh.start();
        prefillFrames = next;
        underrunCount = 0;
        growths++;
        writeSilence(prefillFrames);
        return true;
    }

    /** Whether less than one block is left queued for playback. */
    private boolean outputNearlyDry() {
        return playback.available() > playback.getBufferSize() - outBytes.length;
    }

    /** Reads one whole block; false when the line stopped (the stream is closing). */
    private boolean readBlock() {
        int n = 0;
        while (n < inBytes.length) {
            int r = capture.read(inBytes, n, inBytes.length - n);
            if (r <= 0 || !running) {
                return false;
            }
            n += r;
        }
        return true;
    }

    /**
     * Reads and drops blocks until a read waits for the device (at least half a period): what
     * the line held from before is gone, and the clock restarts at the live edge. Bounded by
     * the line's buffer plus one block, in case a device delivers faster than real time.
     */
    private void dropStaleInput() {
        int max = capture.getBufferSize() / inBytes.length + 2;
        for (int i = 0; i < max && running; i++) {
            long t0 = System.nanoTime();
            if (!readBlock()) {
                return;
            }
            if (System.nanoTime() - t0 >= periodNanos / 2) {
                break;
            }
        }
        clock.reset();
        clock.arrived(System.nanoTime());
    }

    /**
     * Plays silence, one block per block captured (and dropped), until the playback line takes
     * blocks at the device's pace: {@value #PRIMED_BLOCKS} blocks in a row each written within
     * one period plus the capture jitter measured at start; at most
     * {@value #PRIME_TIMEOUT_NANOS} ns. Why: PulseAudio starts a new playback stream late
     * (measured: the first writes after start blocked for 0.6 to 1.9 s on the virtual card);
     * played live, that pause would become a backlog of captured audio. Why the jitter: a sound
     * server moves audio in quanta of several blocks, so with the queue full of headroom a write
     * waits up to one quantum (the virtual card: 38 ms, 7 blocks, every 7-8 writes) however long
     * the stream has run, and the capture side, fed by the same server, has shown that quantum as
     * its jitter (less up to a period, by where the blocks fall in it). Counting only writes
     * within one period never saw 50 in a row there and always ran to the timeout: 5 s before
     * every start. Why {@value #PRIMED_BLOCKS}: the line is full once the headroom is queued, so
     * a late start shows at the first write; 20 blocks (107 ms at 48 kHz and 256 frames) still
     * span about three of the virtual card's playback quanta, and 50 cost 0.16 s more at
     * every start.
     */
    private void primePlayback() {
        long start = System.nanoTime();
        long smoothNanos = periodNanos + jitterNanos;
        int smooth = 0;
        while (running && smooth < PRIMED_BLOCKS) {
            if (System.nanoTime() - start >= PRIME_TIMEOUT_NANOS) {
                primeTimedOut = true;
                return;
            }
            if (readTimed() < 0) {
                return;
            }
            long t0 = System.nanoTime();
            writeSilence(plan.blockSize());
            long t1 = System.nanoTime();
            smooth = t1 - t0 <= smoothNanos ? smooth + 1 : 0;
            if (t1 - t0 > smoothNanos) {
                lastSlowWriteNanos = t1;
            }
        }
    }

    /**
     * Reads capture blocks and keeps the largest lateness seen, until it has not grown by more
     * than a period for {@link StreamPlan#calibrationSettleBlocks()} blocks in a row, and at most
     * {@link StreamPlan#calibrationBlocks()} blocks. Why it may end early: a sound server's
     * lateness is its burst period, the same at every burst (the virtual card: 119-122 ms every
     * 23.3 blocks from the first burst on), so the blocks after the first few bursts only cost
     * start-up time.
     */
    private void calibrate() {
        long max = 0;
        long counted = 0;
        int settled = 0;
        int n = 0;
        while (n < plan.calibrationBlocks() && running) {
            long late = readTimed();
            if (late < 0) {
                break;
            }
            n++;
            max = Math.max(max, late);
            if (max > counted + periodNanos) {
                counted = max;
                settled = 0;
            } else if (++settled >= plan.calibrationSettleBlocks()) {
                break;
            }
        }
        calibrationBlocksRead = n;
        jitterNanos = max;
    }

    /**
     * Plays silence, one block per block captured (and dropped), until the chain is handed over
     * ({@link #goLive()}); an underrun queues the headroom again. Keeps the largest lateness seen
     * meanwhile (for {@link #startReport()}). Returns false when the stream closed meanwhile.
     */
    private boolean awaitChain() {
        long worst = 0;
        while (running && !chainReady) {
            long late = readTimed();
            if (late < 0) {
                return false;
            }
            worst = Math.max(worst, late);
            waitJitterNanos = worst;
            if (playback.available() >= playback.getBufferSize()) {
                writeSilence(prefillFrames);
            } else {
                writeSilence(plan.blockSize());
            }
        }
        return running;
    }

    /**
     * Reads and drops blocks until the last one read was complete at or after {@code nanos}
     * (by the arrival clock's grid): the next block read holds only audio captured after it.
     * The grid is the earliest arrival, so it is late by the driver's smallest delivery delay;
     * a block complete before {@code nanos} by at most that much can still pass.
     */
    private void dropCapturedBefore(long nanos) {
        int max = capture.getBufferSize() / inBytes.length + 2 + (int) ((System.nanoTime() - nanos) / periodNanos);
        int dropped = 0;
        for (int i = 0; i < max && running && lastCompleteNanos < nanos; i++) {
            if (readTimed() < 0) {
                return;
            }
            dropped++;
        }
        droppedAtLive = dropped;
    }

    /** Reads one block and returns how late it arrived ({@link ArrivalClock}); -1 when the line stopped. */
    private long readTimed() {
        if (!readBlock()) {
            return -1;
        }
        long now = System.nanoTime();
        long late = clock.arrived(now);
        lastCompleteNanos = now - late;
        return late;
    }

    /**
     * Reads and drops blocks until one arrives no later than {@code limitNanos}: the audio
     * captured while the stream could not keep up (a stall of the sound server, a late audio
     * thread) is dropped rather than played late, so latency stays where it was set. The
     * block last read is left in the input buffer, to be played.
     */
    private void catchUp(long limitNanos) {
        int max = capture.getBufferSize() / inBytes.length + 2;
        for (int i = 0; i < max && running; i++) {
            long late = readTimed();
            if (late < 0 || late <= limitNanos) {
                return;
            }
        }
    }

    private void writeSilence(int frames) {
        int bytes = Math.min(silence.length, frames * outCodec.frameSize());
        if (bytes > 0) {
            playback.write(silence, 0, bytes);
        }
    }

    /**
     * Runs both codecs a few thousand times so the first real blocks do not run interpreted; on
     * the calling thread, on buffers of its own (the audio thread is already reading into the
     * stream's). [main-thread, in {@link #open()}]
     */
    private void warmCodecs() {
        byte[] bytesIn = new byte[inBytes.length];
        byte[] bytesOut = new byte[outBytes.length];
        float[][] a = new float[in.length][plan.blockSize()];
        float[][] b = new float[out.length][plan.blockSize()];
        for (int i = 0; i < 2_000; i++) {
            inCodec.decode(bytesIn, 0, a, 0, plan.blockSize());
            outCodec.encode(b, 0, bytesOut, 0, plan.blockSize());
        }
    }

    private int framesOf(long nanos) {
        return (int) Math.ceil(nanos * (double) opened.sampleRate() / 1e9);
    }

    private long nanosOf(int frames) {
        return Math.round(frames * 1e9 / opened.sampleRate());
    }

    /**
     * How the start went: when the devices were ready and the chain was handed over (seconds
     * after {@link #open()}), the capture jitter of the calibration and the largest lateness
     * while waiting for the chain, the headroom, and the blocks dropped at go-live.
     * [main-thread, after start]
     */
    @Override
    public String startReport() {
        return String.format(java.util.Locale.ROOT,
                "format negotiated %.3f s, capture opened %.3f s after the backend's start; %s; stale dropped %.3f s,"
                        + " calibrated %.3f s, playback started %.3f s, last slow write (its late start) %.3f s,"
                        + " devices ready %.3f s, chain ready %.3f s, live %.3f s after the lines opened;"
                        + " capture jitter %.1f ms (%.1f ms while waiting for the chain), headroom %.1f ms,"
                        + " %d block(s) dropped at go-live%s",
                (negotiatedNanos - setupStartNanos) / 1e9, (openedNanos - setupStartNanos) / 1e9,
                warmUp == null ? "chain prepared and warmed up before" : String.format(java.util.Locale.ROOT,
                        "chain prepare began %.3f s after the lines opened, %s, warmed up in"
                                + " %.3f s (%d blocks%s; %.3f s with interning the literals)",
                        (prepareStartNanos - openedNanos) / 1e9, preparedReport,
                        warmUp.nanos() / 1e9, warmUp.blocks(),
                        warmUp.settled() ? "" : ", not settled", warmUpCallNanos / 1e9),
                (staleDroppedNanos - openedNanos) / 1e9, (calibratedNanos - openedNanos) / 1e9,
                (playbackStartedNanos - openedNanos) / 1e9,
                (Math.max(lastSlowWriteNanos, playbackStartedNanos) - openedNanos) / 1e9,
                (devicesReadyNanos - openedNanos) / 1e9, (chainReadyNanos - openedNanos) / 1e9,
                (liveNanos - openedNanos) / 1e9, jitterNanos / 1e6, waitJitterNanos / 1e6,
                1000.0 * prefillFrames / opened.sampleRate(), droppedAtLive,
                primeTimedOut ? ", priming timed out" : "");
    }

    /** Waits up to {@code millis} for the devices to be ready (primed); whether they are. [tests] */
    boolean awaitDevicesReady(long millis) throws InterruptedException {
        return devicesReady.await(millis, TimeUnit.MILLISECONDS);
    }

    /** System.nanoTime when the devices were ready, the chain handed over, the stream live (0: not yet). */
    long devicesReadyNanos() {
        return devicesReadyNanos;
    }

    long chainReadyNanos() {
        return chainReadyNanos;
    }

    long liveNanos() {
        return liveNanos;
    }

    /** The capture jitter measured at start, in nanoseconds. [thread-safe] */
    long jitterNanos() {
        return jitterNanos;
    }

    /** Capture blocks the calibration read. */
    int calibrationBlocksRead() {
        return calibrationBlocksRead;
    }

    /** True when priming the playback line ended at its timeout rather than once the line took blocks at its pace. */
    boolean primeTimedOut() {
        return primeTimedOut;
    }

    /** The silence queued ahead of the output now, in frames. [thread-safe] */
    int headroomFrames() {
        return prefillFrames;
    }

    /** How many times repeated underruns made the headroom grow. [thread-safe] */
    int headroomGrowths() {
        return growths;
    }

    /**
     * The negotiated stream; latency: one capture block, the headroom and one block queued for
     * playback, the chain's own (what the driver and sound server add is not known here:
     * {@code --measure-latency} measures it).
     */
    @Override
    public StreamInfo info() {
        long latency = 2L * plan.blockSize() + prefillFrames + chainLatency;
        return new StreamInfo(opened.backend(), opened.inputDevice(), opened.outputDevice(), opened.sampleRate(),
                opened.blockSize(), opened.inputChannels(), opened.outputChannels(), opened.format(), latency);
    }

    @Override
    public LiveEngine engine() {
        return engine;
    }

    @Override
    public boolean isRunning() {
        return thread.isAlive() && running;
    }

    @Override
    public Throwable failure() {
        return failure.get();
    }

    /** Stops the audio thread (a blocked read returns when the capture line stops), closes both lines. */
    @Override
    public void close() {
        running = false;
        capture.stop();
        SourceDataLine p = playback;
        if (p != null) {
            p.stop();
        }
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        capture.close();
        p = playback;
        if (p != null) {
            p.close();
        }
    }
}
