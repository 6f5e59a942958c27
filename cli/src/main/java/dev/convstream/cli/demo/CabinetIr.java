package dev.convstream.cli.demo;

import dev.convstream.filter.FirDesign;

/**
 * A designed guitar-cabinet impulse response: a windowed-sinc low-pass (a speaker's top end
 * falls off a cliff around 5 kHz) plus a gentle presence resonance (a damped cosine) starting at
 * the low-pass's centre tap, so both are in phase at the resonance and the bump adds. Not a measured cabinet, but it sounds like the same idea.
 */
public final class CabinetIr {

    public static final double CUTOFF_HZ = 5_000;
    public static final double RESONANCE_HZ = 1_600;
    /** Decay time constant of the resonance. */
    static final double RESONANCE_TAU_SECONDS = 0.003;
    /** Peak of the damped cosine: about +4 dB at {@link #RESONANCE_HZ} (gain ~ g * tau / 2 samples). */
    static final double RESONANCE_GAIN = 0.008;

    private CabinetIr() {
    }

    /**
     * The impulse response at {@code sampleRate}, first tap first: {@code taps} low-pass taps
     * (odd) followed by room for the resonance to decay (8 time constants).
     */
    public static float[] design(int sampleRate, int taps) {
        if (taps < 3 || taps % 2 == 0) {
            throw new IllegalArgumentException("taps must be odd and >= 3, found " + taps);
        }
        float[] lowPass = FirDesign.lowPass(taps, CUTOFF_HZ / sampleRate);
        double tau = RESONANCE_TAU_SECONDS * sampleRate;
        int centre = (taps - 1) / 2;
        int length = Math.max(taps, centre + (int) Math.ceil(8 * tau));
        float[] ir = new float[length];
        System.arraycopy(lowPass, 0, ir, 0, taps);
        for (int n = 0; centre + n < length; n++) {
            ir[centre + n] += (float) (RESONANCE_GAIN * Math.exp(-n / tau)
                    * Math.cos(2 * Math.PI * RESONANCE_HZ * n / sampleRate));
        }
        return ir;
    }

    /** Magnitude of the response of {@code ir} at {@code hz}, in dB. */
    public static double responseDb(float[] ir, double hz, int sampleRate) {
        double re = 0;
        double im = 0;
        for (int n = 0; n < ir.length; n++) {
            double phase = 2 * Math.PI * hz * n / sampleRate;
            re += ir[n] * Math.cos(phase);
            im -= ir[n] * Math.sin(phase);
        }
        return 20 * Math.log10(Math.max(Math.hypot(re, im), 1e-12));
    }
}
