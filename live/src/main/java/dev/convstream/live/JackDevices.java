package dev.convstream.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JACK server's physical ports as {@link AudioDevice}s: one device per client that owns
 * physical ports ({@code system} for JACK2's ALSA or dummy driver; one per card under
 * PipeWire), with its capture and playback port counts. The device name is the client name,
 * which {@code --in}/{@code --out} accept as a pattern for all its ports.
 */
final class JackDevices {

    private JackDevices() {
    }

    /**
     * Groups full port names ({@code client:port}) by client, in the order the server listed them.
     *
     * @param capture  physical ports that produce signal (capture)
     * @param playback physical ports that take signal (playback)
     */
    static List<AudioDevice> group(List<String> capture, List<String> playback) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String p : capture) {
            counts.computeIfAbsent(client(p), c -> new int[2])[0]++;
        }
        for (String p : playback) {
            counts.computeIfAbsent(client(p), c -> new int[2])[1]++;
        }
        List<AudioDevice> devices = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int in = e.getValue()[0];
            int out = e.getValue()[1];
            devices.add(new AudioDevice("jack", e.getKey(), "JACK physical ports " + e.getKey() + ":*, "
                    + in + " capture, " + out + " playback", in, out));
        }
        return devices;
    }

    /** The client part of a full port name ({@code system} of {@code system:capture_1}). */
    static String client(String port) {
        int colon = port.indexOf(':');
        return colon < 0 ? port : port.substring(0, colon);
    }
}
