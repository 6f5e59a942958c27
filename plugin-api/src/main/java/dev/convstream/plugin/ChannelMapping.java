package dev.convstream.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * How a plugin maps input channels to output channels, declared before any audio so a host can
 * work out a chain's channel counts ({@link ChannelPlan}) and refuse one that cannot run before
 * it opens a device or writes a file.
 *
 * <p>Two kinds:
 * <ul>
 *   <li>{@linkplain #perChannel() per channel}: any number N of channels in, N out, each channel
 *       processed alone with its own state (a gain, a filter, a mono amp model on every channel
 *       of a stereo stream). The default of every plugin.</li>
 *   <li>a list of {@linkplain #of(int, int) routes}, {@code in -> out}: only those input
 *       counts are taken. A stereo impulse response maps {@code 2 -> 2} (channel c through
 *       response channel c, channels with a meaning together) and {@code 1 -> 2} (a mono
 *       stream made stereo); a downmix maps {@code 2 -> 1}.</li>
 * </ul>
 * A mapping may give a reason that messages repeat (e.g. "impulse response cab.wav has 2
 * channels").
 *
 * <p>Immutable: [thread-safe].
 */
public final class ChannelMapping {

    private static final ChannelMapping PER_CHANNEL = new ChannelMapping(true, Map.of(), "");

    private final boolean perChannel;
    private final Map<Integer, Integer> routes;
    private final String reason;

    private ChannelMapping(boolean perChannel, Map<Integer, Integer> routes, String reason) {
        this.perChannel = perChannel;
        this.routes = Collections.unmodifiableMap(new TreeMap<>(routes));
        this.reason = reason;
    }

    /** Any N channels in, N out, each channel processed alone. */
    public static ChannelMapping perChannel() {
        return PER_CHANNEL;
    }

    /**
     * Exactly {@code in} channels in, {@code out} out; add more routes with {@link #or}.
     *
     * @throws IllegalArgumentException when a count is below 1
     */
    public static ChannelMapping of(int in, int out) {
        return new ChannelMapping(false, Map.of(), "").or(in, out);
    }

    /**
     * This mapping with the route {@code in -> out} added.
     *
     * @throws IllegalArgumentException when a count is below 1, this mapping is per channel, or
     *                                  it already maps {@code in} elsewhere
     */
    public ChannelMapping or(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("channel counts must be >= 1, found " + in + " -> " + out);
        }
        if (perChannel) {
            throw new IllegalArgumentException("a per-channel mapping takes every count already; found " + in + " -> " + out);
        }
        Integer before = routes.get(in);
        if (before != null && before != out) {
            throw new IllegalArgumentException("input count " + in + " is mapped to " + before + " already, found " + in + " -> " + out);
        }
        Map<Integer, Integer> more = new TreeMap<>(routes);
        more.put(in, out);
        return new ChannelMapping(false, more, reason);
    }

    /** This mapping, with {@code why} it is so for messages (e.g. the resource that decides it). */
    public ChannelMapping because(String why) {
        return new ChannelMapping(perChannel, routes, Objects.requireNonNull(why, "why"));
    }

    /** Whether every count N maps to N, channel by channel. */
    public boolean isPerChannel() {
        return perChannel;
    }

    /** The routes {@code in -> out} of a mapping that is not per channel, by input count; empty when per channel. */
    public Map<Integer, Integer> routes() {
        return routes;
    }

    /** Why the mapping is so, or "". */
    public String reason() {
        return reason;
    }

    /** The output channel count for {@code inputChannels}, or empty when this mapping does not take that many. */
    public OptionalInt outputChannels(int inputChannels) {
        if (perChannel) {
            return inputChannels >= 1 ? OptionalInt.of(inputChannels) : OptionalInt.empty();
        }
        Integer out = routes.get(inputChannels);
        return out == null ? OptionalInt.empty() : OptionalInt.of(out);
    }

    /** Whether this mapping gives {@code spec}'s output count for its input count. */
    public boolean accepts(ProcessSpec spec) {
        OptionalInt out = outputChannels(spec.channels());
        return out.isPresent() && out.getAsInt() == spec.outputChannels();
    }

    /**
     * This mapping followed by {@code next}: what a chain of the two maps. Per channel then per
     * channel stays per channel; otherwise the routes whose output {@code next} takes.
     */
    public ChannelMapping then(ChannelMapping next) {
        String why = joinReasons(reason, next.reason);
        if (perChannel && next.perChannel) {
            return new ChannelMapping(true, Map.of(), why);
        }
        Map<Integer, Integer> composed = new TreeMap<>();
        Map<Integer, Integer> first = perChannel ? identityOn(next.routes.keySet()) : routes;
        for (Map.Entry<Integer, Integer> r : first.entrySet()) {
            next.outputChannels(r.getValue()).ifPresent(out -> composed.put(r.getKey(), out));
        }
        return new ChannelMapping(false, composed, why);
    }

    /** "any N -> N, each channel alone", "1 -> 2 or 2 -> 2 (impulse response cab.wav has 2 channels)". */
    @Override
    public String toString() {
        String what;
        if (perChannel) {
            what = "any N -> N, each channel alone";
        } else if (routes.isEmpty()) {
            what = "no channel count";
        } else {
            List<String> parts = new ArrayList<>();
            routes.forEach((in, out) -> parts.add(in + " -> " + out));
            what = String.join(" or ", parts);
        }
        return reason.isEmpty() ? what : what + " (" + reason + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelMapping m && m.perChannel == perChannel && m.routes.equals(routes)
                && m.reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(perChannel, routes, reason);
    }

    private static Map<Integer, Integer> identityOn(Iterable<Integer> counts) {
        Map<Integer, Integer> id = new TreeMap<>();
        for (int n : counts) {
            id.put(n, n);
        }
        return id;
    }

    private static String joinReasons(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "; " + b;
    }
}
