package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AudioBlockTest {

    @Test
    void setRepointsTheViewWithoutCopying() {
        float[][] buf = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        AudioBlock b = new AudioBlock().set(buf, 1, 2);
        assertSame(buf[1], b.channel(1));
        assertEquals(1, b.offset());
        assertEquals(2, b.frames());
        assertEquals(2, b.channelCount());
    }

    @Test
    void shortChannelIsRejectedNamingIt() {
        float[][] buf = {new float[4], new float[2]};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AudioBlock().set(buf, 1, 3));
        assertTrue(e.getMessage().contains("channel 1"), e.getMessage());
    }

    @Test
    void sanitizeZeroesOnlyNonFiniteSamplesInsideTheBlock() {
        float[][] buf = {{Float.NaN, Float.NaN, 1, Float.NEGATIVE_INFINITY}};
        assertEquals(2, SampleGuard.sanitize(new AudioBlock().set(buf, 1, 3)));
        assertTrue(Float.isNaN(buf[0][0]));
        assertArrayEquals(new float[] {0, 1, 0}, java.util.Arrays.copyOfRange(buf[0], 1, 4));
    }

    @Test
    void flushDenormalsZeroesTinyValuesOnly() {
        float[] a = {Float.MIN_VALUE, 1e-31f, -1e-31f, 1e-20f, 0.5f};
        SampleGuard.flushDenormals(a, 0, a.length);
        assertArrayEquals(new float[] {0, 0, 0, 1e-20f, 0.5f}, a);
    }
}
