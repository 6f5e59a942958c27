package dev.convstream.live.javasound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * The capture and playback devices Java Sound sees, the formats their lines offer, and opening
 * lines on them by name (exact, or a case-insensitive part). The one place convstream talks to
 * Java Sound's mixers: the live backend and {@code features --live} both open lines here.
 */
public final class JavaSoundDevices {

    /** One Java Sound mixer and which directions it supports for the probed format. */
    public record Device(String name, String description, boolean capture, boolean playback) {
    }

    /** Thrown when a requested capture or playback device does not exist or cannot be opened. */
    public static final class DeviceException extends Exception {
        private static final long serialVersionUID = 1L;

        public DeviceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Every mixer with a capture or playback line for {@code format}. */
    public List<Device> list(AudioFormat format) {
        List<Device> out = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer m = AudioSystem.getMixer(info);
            boolean capture = m.isLineSupported(new DataLine.Info(TargetDataLine.class, format));
            boolean playback = m.isLineSupported(new DataLine.Info(SourceDataLine.class, format));
            if (capture || playback) {
                out.add(new Device(info.getName(), info.getDescription(), capture, playback));
            }
        }
        return out;
    }

    /**
     * Opens (not starts) a capture line on the named device, or the system default when
     * {@code name} is null.
     *
     * @throws DeviceException saying there is no capture device, or naming the missing one and
     *                         listing those that exist
     */
    public TargetDataLine openCapture(String name, AudioFormat format, int bufferBytes) throws DeviceException {
        return open(TargetDataLine.class, "capture", name, format, bufferBytes);
    }

    /** As {@link #openCapture}, for playback. */
    public SourceDataLine openPlayback(String name, AudioFormat format, int bufferBytes) throws DeviceException {
        return open(SourceDataLine.class, "playback", name, format, bufferBytes);
    }

    private <L extends DataLine> L open(Class<L> type, String direction, String name, AudioFormat format,
                                        int bufferBytes) throws DeviceException {
        DataLine.Info info = new DataLine.Info(type, format);
        Line line;
        try {
            if (name == null) {
                line = AudioSystem.getLine(info);
            } else {
                line = AudioSystem.getMixer(find(type, direction, name, format)).getLine(info);
            }
        } catch (IllegalArgumentException | LineUnavailableException e) {
            throw new DeviceException(describeMissing(direction, name, format, type), e);
        }
        L l = type.cast(line);
        try {
            if (l instanceof TargetDataLine t) {
                t.open(format, bufferBytes);
            } else {
                ((SourceDataLine) l).open(format, bufferBytes);
            }
        } catch (LineUnavailableException | IllegalArgumentException e) {
            throw new DeviceException("cannot open the " + direction + " device "
                    + (name == null ? "(default)" : "'" + name + "'") + " for " + format + ": " + e.getMessage(), e);
        }
        return l;
    }

    /**
     * The formats the {@code type} lines of the named device list (null: of the first device
     * that has such lines, where Java Sound takes its default line from),
     * with {@link AudioSystem#NOT_SPECIFIED} where the device accepts any value (ALSA's default
     * device lists every rate that way). Empty when the device has no such line.
     */
    public List<AudioFormat> formats(Class<? extends DataLine> type, String name) {
        List<AudioFormat> out = new ArrayList<>();
        for (Mixer.Info m : AudioSystem.getMixerInfo()) {
            if (name != null && !matches(m, name)) {
                continue;
            }
            for (Line.Info li : lineInfos(AudioSystem.getMixer(m), type)) {
                if (li instanceof DataLine.Info d) {
                    out.addAll(List.of(d.getFormats()));
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        return out;
    }

    /** Whether a {@code type} line for {@code format} exists on the named device (null: default). */
    public boolean supports(Class<? extends DataLine> type, String name, AudioFormat format) {
        DataLine.Info info = new DataLine.Info(type, format);
        if (name == null) {
            return AudioSystem.isLineSupported(info);
        }
        try {
            return AudioSystem.getMixer(find(type, "any", name, format)).isLineSupported(info);
        } catch (DeviceException e) {
            return false;
        }
    }

    private static Line.Info[] lineInfos(Mixer mixer, Class<? extends DataLine> type) {
        return type == TargetDataLine.class ? mixer.getTargetLineInfo() : mixer.getSourceLineInfo();
    }

    private static boolean matches(Mixer.Info m, String name) {
        return m.getName().equals(name) || m.getName().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT));
    }

    private Mixer.Info find(Class<? extends DataLine> type, String direction, String name, AudioFormat format)
            throws DeviceException {
        DataLine.Info info = new DataLine.Info(type, format);
        Mixer.Info partial = null;
        for (Mixer.Info m : AudioSystem.getMixerInfo()) {
            if (!AudioSystem.getMixer(m).isLineSupported(info)) {
                continue;
            }
            if (m.getName().equals(name)) {
                return m;
            }
            if (partial == null && m.getName().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))) {
                partial = m;
            }
        }
        if (partial != null) {
            return partial;
        }
        throw new DeviceException(describeMissing(direction, name, format, type), null);
    }

    /** Says that the named (or any) {@code direction} device is missing, listing those there are. */
    String describeMissing(String direction, String name, AudioFormat format, Class<? extends DataLine> type) {
        List<String> available = new ArrayList<>();
        for (Device d : list(format)) {
            if (type == TargetDataLine.class ? d.capture() : d.playback()) {
                available.add(d.name());
            }
        }
        String what = name == null ? "no " + direction + " device" : "no " + direction + " device named '" + name + "'";
        return what + ": Java Sound finds no mixer with a " + type.getSimpleName() + " for " + format
                + (available.isEmpty() ? " (it lists none at all: no sound card, or ALSA has no default device)"
                : "; " + direction + " devices: " + available);
    }
}
