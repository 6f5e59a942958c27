package dev.convstream.live.javasound;

import dev.convstream.live.AudioBackend.BackendException;
import dev.convstream.live.SampleFormat;
import dev.convstream.live.StreamRequest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;

/**
 * Chooses rate, channels and sample format for a Java Sound stream from what the capture and
 * playback lines list ({@link AudioSystem#NOT_SPECIFIED} in a listed format means "any").
 *
 * <ul>
 *   <li>Rate: the requested one; else the first rate both lines list; else
 *       {@value #FALLBACK_RATE} Hz (ALSA's default device lists no rate: it accepts any and
 *       converts to the card's, and 48 kHz is what most cards and PulseAudio/PipeWire setups run).</li>
 *   <li>Channels: the requested count; else the device's own when it lists one count; else
 *       mono capture (a guitar: one model runs, not one per channel) and stereo playback, when
 *       listed, or the nearest listed count.</li>
 *   <li>Format: the requested one when both lines list it; else the first of float32, s32, s24,
 *       s16 that both list (integer formats little-endian, 24-bit packed in three bytes).</li>
 * </ul>
 */
final class LineNegotiation {

    static final double FALLBACK_RATE = 48_000;
    private static final List<SampleFormat> PREFERENCE =
            List.of(SampleFormat.F32, SampleFormat.S32, SampleFormat.S24, SampleFormat.S16);

    /** What both lines will be opened with. */
    record Choice(double sampleRate, int inputChannels, int outputChannels, SampleFormat format) {
        AudioFormat captureFormat() {
            return format.toAudioFormat(sampleRate, inputChannels);
        }

        AudioFormat playbackFormat() {
            return format.toAudioFormat(sampleRate, outputChannels);
        }
    }

    private LineNegotiation() {
    }

    static Choice choose(StreamRequest request, List<AudioFormat> capture, List<AudioFormat> playback)
            throws BackendException {
        if (capture.isEmpty()) {
            throw new BackendException("no capture line on " + name(request.inputDevice())
                    + " (Java Sound lists none: no sound card, or ALSA has no default device)");
        }
        if (playback.isEmpty()) {
            throw new BackendException("no playback line on " + name(request.outputDevice())
                    + " (Java Sound lists none: no sound card, or ALSA has no default device)");
        }
        double rate = request.sampleRate() > 0 ? request.sampleRate() : commonRate(capture, playback);
        int inChannels = request.inputChannels() > 0 ? request.inputChannels() : nativeChannels(capture, 1);
        int outChannels = request.outputChannels() > 0 ? request.outputChannels() : nativeChannels(playback, 2);
        List<SampleFormat> candidates = request.sampleFormat() != null ? List.of(request.sampleFormat()) : PREFERENCE;
        for (SampleFormat f : candidates) {
            if (lists(capture, f.toAudioFormat(rate, inChannels)) && lists(playback, f.toAudioFormat(rate, outChannels))) {
                return new Choice(rate, inChannels, outChannels, f);
            }
        }
        throw new BackendException("the devices offer no common format for " + (request.sampleFormat() == null
                ? "any of " + PREFERENCE : request.sampleFormat()) + " at " + Math.round(rate) + " Hz, "
                + inChannels + " in / " + outChannels + " out: capture lists " + summary(capture, inChannels)
                + ", playback lists " + summary(playback, outChannels));
    }

    /** Whether {@code formats} holds one that {@code wanted} fits (NOT_SPECIFIED fits anything). */
    static boolean lists(List<AudioFormat> formats, AudioFormat wanted) {
        for (AudioFormat f : formats) {
            if (f.getEncoding().equals(wanted.getEncoding())
                    && f.getSampleSizeInBits() == wanted.getSampleSizeInBits()
                    && fits(f.getChannels(), wanted.getChannels())
                    && (f.getSampleRate() == AudioSystem.NOT_SPECIFIED || f.getSampleRate() == wanted.getSampleRate())
                    && fits(f.getFrameSize(), wanted.getFrameSize())
                    && f.isBigEndian() == wanted.isBigEndian()) {
                return true;
            }
        }
        return false;
    }

    private static boolean fits(int listed, int wanted) {
        return listed == AudioSystem.NOT_SPECIFIED || listed == wanted;
    }

    private static double commonRate(List<AudioFormat> capture, List<AudioFormat> playback) {
        for (AudioFormat c : capture) {
            float r = c.getSampleRate();
            if (r == AudioSystem.NOT_SPECIFIED) {
                continue;
            }
            for (AudioFormat p : playback) {
                if (p.getSampleRate() == r || p.getSampleRate() == AudioSystem.NOT_SPECIFIED) {
                    return r;
                }
            }
        }
        return FALLBACK_RATE;
    }

    private static int nativeChannels(List<AudioFormat> formats, int preferred) {
        Set<Integer> counts = new TreeSet<>();
        for (AudioFormat f : formats) {
            if (f.getChannels() != AudioSystem.NOT_SPECIFIED) {
                counts.add(f.getChannels());
            }
        }
        if (counts.isEmpty() || counts.contains(preferred)) {
            return preferred;
        }
        int best = counts.iterator().next();
        for (int c : counts) {
            if (Math.abs(c - preferred) < Math.abs(best - preferred)) {
                best = c;
            }
        }
        return best;
    }

    private static String summary(List<AudioFormat> formats, int channels) {
        Set<String> kinds = new TreeSet<>();
        for (AudioFormat f : formats) {
            if (fits(f.getChannels(), channels)) {
                kinds.add(f.getEncoding() + " " + f.getSampleSizeInBits() + "-bit " + f.getFrameSize() / Math.max(1, channels) + "-byte");
            }
        }
        return kinds.isEmpty() ? "nothing at that channel count" : kinds.toString();
    }

    private static String name(String device) {
        return device == null ? "the default device" : "'" + device + "'";
    }
}
