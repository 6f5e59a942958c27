package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioBackendsTest {

    private record Fake(String id, boolean isAvailable) implements AudioBackend {
        @Override
        public List<AudioDevice> devices() {
            return List.of();
        }

        @Override
        public LiveSession start(StreamRequest request, LiveEngine engine) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theFirstAvailableBackendIsTheDefault() {
        Fake jack = new Fake("jack", false);
        Fake js = new Fake("javasound", true);
        assertSame(js, new AudioBackends(List.of(jack, js)).choose(null));
        Fake running = new Fake("jack", true);
        assertSame(running, new AudioBackends(List.of(running, js)).choose(null));
    }

    @Test
    void aNamedBackendIsTakenEvenWhenUnavailableAndAnUnknownOneIsRefusedByName() {
        Fake jack = new Fake("jack", false);
        AudioBackends b = new AudioBackends(List.of(jack, new Fake("javasound", true)));
        assertSame(jack, b.choose("jack"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.choose("asio"));
        assertTrue(e.getMessage().contains("'asio'") && e.getMessage().contains("[jack, javasound]"), e.getMessage());
    }

    @Test
    void theStandardBackendsIncludeJavaSound() {
        assertTrue(AudioBackends.standard().ids().contains("javasound"));
        assertEquals("javasound", AudioBackends.standard().choose("javasound").id());
    }
}
