package dev.convstream.live.javasound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.AudioBackend.BackendException;
import dev.convstream.live.SampleFormat;
import dev.convstream.live.StreamRequest;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class LineNegotiationTest {

    private static final int ANY = AudioSystem.NOT_SPECIFIED;

    /** What Java Sound's ALSA "default" device lists: integers, any rate, 1..32 channels. */
    private static List<AudioFormat> alsaDefault() {
        List<AudioFormat> f = new java.util.ArrayList<>();
        for (int ch = 1; ch <= 32; ch++) {
            f.add(new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, ANY, 16, ch, 2 * ch, ANY, false));
            f.add(new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, ANY, 24, ch, 3 * ch, ANY, false));
            f.add(new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, ANY, 24, ch, 4 * ch, ANY, false));
            f.add(new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, ANY, 32, ch, 4 * ch, ANY, false));
        }
        return f;
    }

    private static StreamRequest request(double rate, int in, int out, SampleFormat format) {
        return new StreamRequest(null, null, rate, 0, in, out, 0, true, format);
    }

    @Test
    void anyRateDeviceGetsTheFallbackRateMonoInStereoOutAndItsBestFormat() throws Exception {
        LineNegotiation.Choice c = LineNegotiation.choose(request(0, 0, 0, null), alsaDefault(), alsaDefault());
        assertEquals(LineNegotiation.FALLBACK_RATE, c.sampleRate());
        assertEquals(1, c.inputChannels());
        assertEquals(2, c.outputChannels());
        assertEquals(SampleFormat.S32, c.format(), "no float listed: 32-bit integers are the best");
    }

    @Test
    void aCardListingOneRateAndOneChannelCountGetsThose() throws Exception {
        List<AudioFormat> card = List.of(new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 96_000, 32, 4, 16, 96_000, false),
                new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 96_000, 24, 4, 12, 96_000, false));
        LineNegotiation.Choice c = LineNegotiation.choose(request(0, 0, 0, null), card, card);
        assertEquals(96_000, c.sampleRate());
        assertEquals(4, c.inputChannels());
        assertEquals(4, c.outputChannels());
        assertEquals(SampleFormat.F32, c.format());
        assertEquals(16, c.captureFormat().getFrameSize());
    }

    @Test
    void aRequestedFormatIsTakenWhenListedAndRefusedByNameWhenNot() throws Exception {
        LineNegotiation.Choice c = LineNegotiation.choose(request(44_100, 2, 2, SampleFormat.S24), alsaDefault(),
                alsaDefault());
        assertEquals(SampleFormat.S24, c.format());
        assertEquals(6, c.captureFormat().getFrameSize(), "24-bit packed in three bytes");
        BackendException e = assertThrows(BackendException.class,
                () -> LineNegotiation.choose(request(44_100, 2, 2, SampleFormat.F32), alsaDefault(), alsaDefault()));
        assertTrue(e.getMessage().contains("f32") && e.getMessage().contains("PCM_SIGNED 24-bit"), e.getMessage());
    }

    @Test
    void aDeviceWithoutLinesIsNamed() {
        BackendException e = assertThrows(BackendException.class,
                () -> LineNegotiation.choose(request(0, 0, 0, null), List.of(), alsaDefault()));
        assertTrue(e.getMessage().contains("no capture line"), e.getMessage());
    }
}
