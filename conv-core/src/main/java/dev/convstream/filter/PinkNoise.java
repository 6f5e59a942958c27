package dev.convstream.filter;

/**
 * Pink (1/f) noise from white noise: Paul Kellet's "refined" filter, seven first-order
 * sections whose sum is within 0.05 dB of -3 dB per octave from 9 Hz to Nyquist at 44.1 kHz.
 * Used where a signal with a guitar-like spectral tilt is wanted (the capture signal, the
 * loudness reference).
 */
public final class PinkNoise {

    private PinkNoise() {
    }

    /** Pink noise, one sample per sample of {@code white}; the same input gives the same bits. */
    public static double[] fromWhite(double[] white) {
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double b3 = 0;
        double b4 = 0;
        double b5 = 0;
        double b6 = 0;
        double[] y = new double[white.length];
        for (int i = 0; i < white.length; i++) {
            double w = white[i];
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            y[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115926;
        }
        return y;
    }
}
