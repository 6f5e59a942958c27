package dev.convstream.live.javasound;

import dev.convstream.audio.PcmCodec;
import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * In-memory Java Sound lines that keep time like a device (frames flow at the format's rate by
 * the wall clock), for testing the audio loop without a sound card: any format (float32 too,
 * which Java Sound's ALSA devices do not offer), stale input held at start, a capture stall, a
 * sound server's quanta and its late start of playback.
 * Reading and writing allocate nothing (waits park the thread), so the loop's own allocations
 * can be measured.
 */
final class FakeLines {

    private FakeLines() {
    }

    /** What a device line has in common: format, buffer, clock, open/start state. */
    abstract static class FakeLine implements DataLine {
        final AudioFormat format;
        final int frameSize;
        final PcmCodec codec;
        volatile int bufferFrames;
        volatile boolean open = true;
        volatile boolean running;
        volatile long startNanos;

        FakeLine(AudioFormat format, int bufferFrames) {
            this.format = format;
            this.frameSize = format.getFrameSize();
            this.codec = new PcmCodec(format);
            this.bufferFrames = bufferFrames;
        }

        long deviceFrames() {
            return running ? (long) ((System.nanoTime() - startNanos) * (double) format.getSampleRate() / 1e9) : 0;
        }

        static void pause() {
            LockSupport.parkNanos(200_000);
        }

        @Override
        public void start() {
            startNanos = System.nanoTime();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public void close() {
            running = false;
            open = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean isActive() {
            return running;
        }

        @Override
        public void drain() {
        }

        @Override
        public void flush() {
        }

        @Override
        public AudioFormat getFormat() {
            return format;
        }

        @Override
        public int getBufferSize() {
            return bufferFrames * frameSize;
        }

        @Override
        public int getFramePosition() {
            return (int) getLongFramePosition();
        }

        @Override
        public long getMicrosecondPosition() {
            return (long) (getLongFramePosition() * 1e6 / format.getSampleRate());
        }

        /** Not measured: {@code AudioSystem.NOT_SPECIFIED}. */
        @Override
        public float getLevel() {
            return -1;
        }

        @Override
        public void open() {
        }

        @Override
        public Line.Info getLineInfo() {
            return new Line.Info(getClass());
        }

        @Override
        public Control[] getControls() {
            return new Control[0];
        }

        @Override
        public boolean isControlSupported(Control.Type control) {
            return false;
        }

        @Override
        public Control getControl(Control.Type control) {
            throw new IllegalArgumentException("no controls");
        }

        @Override
        public void addLineListener(LineListener listener) {
        }

        @Override
        public void removeLineListener(LineListener listener) {
        }
    }

    /**
     * A capture line that delivers {@code signal} (planar) in real time from its start, after
     * {@code staleFrames} of {@code staleValue} that it held before start; silence after the
     * signal; a stall of {@code stallNanos} from {@code stallAtNanos} after start (nothing is
     * delivered meanwhile; the audio then arrives at once).
     */
    static final class Capture extends FakeLine implements TargetDataLine {
        private final float[][] signal;
        private final int staleFrames;
        private final float staleValue;
        private final long stallAt;
        private final long stallNanos;
        private final float[][] one;
        private long readFrames;
        /** When positive, audio arrives only at multiples of this after start (a sound server's quantum). */
        volatile long quantumNanos;

        Capture(AudioFormat format, int bufferFrames, float[][] signal, int staleFrames, float staleValue,
                long stallAtNanos, long stallNanos) {
            super(format, bufferFrames);
            this.signal = signal;
            this.staleFrames = staleFrames;
            this.staleValue = staleValue;
            this.stallAt = stallAtNanos;
            this.stallNanos = stallNanos;
            this.one = new float[format.getChannels()][1];
        }

        /** Frames the device has captured (and the line delivers) by now, stale ones included. */
        private long deliverable() {
            long now = System.nanoTime() - startNanos;
            if (now >= stallAt && now < stallAt + stallNanos) {
                now = stallAt;
            }
            long quantum = quantumNanos;
            if (quantum > 0) {
                now -= now % quantum;
            }
            return running ? staleFrames + (long) (now * (double) format.getSampleRate() / 1e9) : 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int frames = len / frameSize;
            while (running && deliverable() - readFrames < frames) {
                pause();
            }
            if (!running) {
                return 0;
            }
            for (int i = 0; i < frames; i++, readFrames++) {
                long f = readFrames - staleFrames;
                for (int c = 0; c < one.length; c++) {
                    one[c][0] = f < 0 ? staleValue : f < signal[c].length ? signal[c][(int) f] : 0f;
                }
                codec.encode(one, 0, b, off + i * frameSize, 1);
            }
            return frames * frameSize;
        }

        @Override
        public int available() {
            return (int) Math.min(getBufferSize(), (deliverable() - readFrames) * frameSize);
        }

        @Override
        public long getLongFramePosition() {
            return readFrames;
        }

        @Override
        public void open(AudioFormat format, int bufferSize) {
        }

        @Override
        public void open(AudioFormat format) {
        }
    }

    /**
     * A playback line that plays at its rate from the first write after start, keeps everything
     * written (up to {@code capacityFrames}) and counts the frames it had to play as silence
     * because its queue was empty (underruns).
     */
    static final class Playback extends FakeLine implements SourceDataLine {
        private final byte[] written;
        private long writtenFrames;
        private long consumed;
        private long lastNanos;
        private volatile long underrunFrames;
        /** When positive, the queue is played only at multiples of this (a sound server's quantum). */
        volatile long quantumNanos;
        /** How long after the first write the line starts playing (PulseAudio starts a new stream late). */
        volatile long startDelayNanos;
        /** When set, the buffer is the size the stream opens the line with, as a device's is. */
        volatile boolean sizedByOpen;

        Playback(AudioFormat format, int bufferFrames, int capacityFrames) {
            super(format, bufferFrames);
            this.written = new byte[capacityFrames * format.getFrameSize()];
        }

        private synchronized long queued() {
            if (lastNanos != 0) {
                long elapsed = System.nanoTime() - lastNanos;
                long quantum = quantumNanos;
                if (quantum > 0 && elapsed > 0) {
                    elapsed -= elapsed % quantum;
                }
                long due = (long) (elapsed * (double) format.getSampleRate() / 1e9);
                if (due > 0) {
                    long q = writtenFrames - consumed;
                    if (due > q) {
                        underrunFrames += due - q;
                    }
                    consumed += Math.min(due, q);
                    lastNanos += (long) (due * 1e9 / format.getSampleRate());
                }
            }
            return writtenFrames - consumed;
        }

        @Override
        public int write(byte[] b, int off, int len) {
            int frames = len / frameSize;
            while (running && queued() + frames > bufferFrames) {
                pause();
            }
            if (!running) {
                return 0;
            }
            synchronized (this) {
                int at = (int) Math.min(written.length - len, writtenFrames * frameSize);
                System.arraycopy(b, off, written, at, len);
                writtenFrames += frames;
                if (lastNanos == 0) {
                    lastNanos = System.nanoTime() + startDelayNanos;
                }
            }
            return len;
        }

        @Override
        public int available() {
            return (int) ((bufferFrames - queued()) * frameSize);
        }

        @Override
        public long getLongFramePosition() {
            queued();
            return consumed;
        }

        /** This line opened for a buffer of {@code frames}: the stream's opener. */
        Playback opened(int frames) {
            if (sizedByOpen) {
                bufferFrames = frames;
            }
            return this;
        }

        /** Frames played as silence because nothing was queued. */
        long underrunFrames() {
            return underrunFrames;
        }

        /** Everything written, decoded, planar. */
        synchronized float[][] writtenSamples() {
            int frames = (int) Math.min(writtenFrames, written.length / frameSize);
            float[][] x = new float[format.getChannels()][frames];
            codec.decode(written, 0, x, 0, frames);
            return x;
        }

        @Override
        public void open(AudioFormat format, int bufferSize) {
        }

        @Override
        public void open(AudioFormat format) {
        }
    }
}
