package dev.convstream.live;

import dev.convstream.live.javasound.JavaSoundBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * The audio backends convstream knows, in order of preference: {@link #choose} with no id takes
 * the first that {@link AudioBackend#isAvailable() is available}. JACK (when its server runs)
 * comes before Java Sound, which reaches ALSA (and PulseAudio or PipeWire through ALSA's
 * default device) and is always there. [main-thread]
 */
public final class AudioBackends {

    private final List<AudioBackend> backends;

    /** These backends, most preferred first. */
    public AudioBackends(List<AudioBackend> backends) {
        if (backends == null || backends.isEmpty()) {
            throw new IllegalArgumentException("at least one audio backend is needed");
        }
        this.backends = List.copyOf(backends);
    }

    /** The backends convstream ships: JACK first, then Java Sound. */
    public static AudioBackends standard() {
        return new AudioBackends(List.of(new JackBackend(), new JavaSoundBackend()));
    }

    /** Every backend, most preferred first. */
    public List<AudioBackend> all() {
        return backends;
    }

    /** The ids users can type. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (AudioBackend b : backends) {
            ids.add(b.id());
        }
        return ids;
    }

    /**
     * The backend named {@code id}, or, for null, the first available one (the last one when
     * none says it is available: its start then says what is missing).
     *
     * @throws IllegalArgumentException naming the unknown id and the known ones
     */
    public AudioBackend choose(String id) {
        if (id != null) {
            for (AudioBackend b : backends) {
                if (b.id().equals(id)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown audio backend '" + id + "'; backends: " + ids());
        }
        for (AudioBackend b : backends) {
            if (b.isAvailable()) {
                return b;
            }
        }
        return backends.get(backends.size() - 1);
    }
}
