package dev.convstream.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.Kernels;
import org.junit.jupiter.api.Test;

class FilterDemoTest {

    @Test
    void lowPassKeepsTheLowToneAndRemovesTheHighOne() {
        FilterDemo.Result r = FilterDemo.run(Kernels.preferred(), 0.5);
        // The input tones are 0.5 and 0.3 in amplitude: -6.02 and -10.46 dBFS.
        assertEquals(-6.02, r.lowToneInDb(), 0.01);
        assertEquals(-10.46, r.highToneInDb(), 0.01);
        // 220 Hz is deep in the passband of a unity-DC-gain Blackman low-pass: ripple << 0.05 dB.
        assertEquals(r.lowToneInDb(), r.lowToneOutDb(), 0.05);
        // 6 kHz is past the ~3.3 kHz stopband edge of a 101-tap Blackman design (~74 dB stopband).
        assertTrue(r.highToneInDb() - r.highToneOutDb() > 60, "stopband attenuation " + (r.highToneInDb() - r.highToneOutDb()));
        assertEquals(24_000, r.samples());
        assertEquals(24_000L * FilterDemo.TAPS, r.layer().macs());
    }

    @Test
    void designedKernelHasUnityGainAtDc() {
        double sum = 0;
        for (float v : dev.convstream.filter.FirDesign.lowPass(FilterDemo.TAPS, 0.1)) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
    }
}
