package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceHolderTest {

    private static final ResourceSpec SPEC = new ResourceSpec("ir", "impulse response file");
    private static final ProcessSpec AT_48K = new ProcessSpec(48_000, 64, 1);

    /** Loads "name@rate" as is; builds "name@rate for <spec rate>", refusing another rate. */
    private final List<String> released = new ArrayList<>();
    private final ResourceHolder<String, String> holder = new ResourceHolder<>("conv", SPEC, value -> {
        if (value.startsWith("missing")) {
            throw new IOException("not found: " + value);
        }
        return value;
    }, (loaded, value, spec) -> {
        double rate = Double.parseDouble(loaded.substring(loaded.indexOf('@') + 1));
        SampleRates.requireHostRate("conv", "impulse response " + value, rate, spec.sampleRate());
        return loaded + " for " + Numbers.plain(spec.sampleRate());
    }, released::add);

    @Test
    void loadThenPrepareBuildsOnPrepare() throws IOException {
        holder.set("a@48000");
        assertNull(holder.acquire(), "nothing to play before prepare");
        holder.prepare(AT_48K);
        assertEquals("a@48000 for 48000", holder.acquire());
        assertEquals(Map.of("ir", "a@48000"), holder.resources());
    }

    @Test
    void prepareThenLoadPublishesAtTheNextBlock() throws IOException {
        holder.prepare(AT_48K);
        assertNull(holder.acquire());
        holder.set("a@48000");
        assertEquals("a@48000 for 48000", holder.acquire());
        holder.set("b@48000");
        assertEquals("a@48000 for 48000", holder.peek(), "the audio thread swaps at its next block");
        assertEquals("b@48000 for 48000", holder.acquire());
        holder.close();
        assertEquals(List.of("a@48000 for 48000", "b@48000 for 48000"), released);
    }

    @Test
    void prepareAgainRebuildsForTheNewSpec() throws IOException {
        holder.set("a@44100");
        holder.prepare(new ProcessSpec(44_100, 64, 1));
        assertEquals("a@44100 for 44100", holder.acquire());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> holder.prepare(AT_48K));
        assertTrue(e.getMessage().contains("44100") && e.getMessage().contains("48000"), e.getMessage());
        assertNull(holder.acquire(), "a refused prepare leaves pass-through");
        assertEquals(Map.of("ir", "a@44100"), holder.resources(), "but keeps the value");
    }

    @Test
    void failedLoadKeepsThePreviousResourceAndValue() throws IOException {
        holder.prepare(AT_48K);
        holder.set("a@48000");
        assertThrows(IOException.class, () -> holder.set("missing@48000"));
        assertThrows(IllegalArgumentException.class, () -> holder.set("b@96000"));
        assertEquals("a@48000 for 48000", holder.acquire());
        assertEquals(Map.of("ir", "a@48000"), holder.resources());
    }

    @Test
    void blankValueIsRefusedNamingPluginResourceAndWhatItMustBe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> holder.set(" "));
        assertTrue(e.getMessage().contains("'conv'") && e.getMessage().contains("'ir'")
                && e.getMessage().contains("impulse response file"), e.getMessage());
        assertTrue(holder.holds("ir") && !holder.holds("model"));
    }
}
