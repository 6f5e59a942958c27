package dev.convstream.train;

/** {@code first + weight * second}: e.g. ESR plus a weighted MR-STFT term. */
public final class SumLoss implements TrainingLoss {
    private final TrainingLoss first;
    private final TrainingLoss second;
    private final double weight;

    public SumLoss(TrainingLoss first, TrainingLoss second, double weight) {
        this.first = first;
        this.second = second;
        this.weight = weight;
    }

    private record Both(Scratch first, Scratch second, float[] gradient) implements Scratch {
    }

    @Override
    public double targetEnergy(float[] target, int offset, int length) {
        // only the first loss may normalise by the batch's energy: one sum serves one loss
        return first.targetEnergy(target, offset, length);
    }

    @Override
    public Scratch scratch(int maxLength) {
        return new Both(first.scratch(maxLength), second.scratch(maxLength), new float[maxLength]);
    }

    @Override
    public double segment(Scratch scratch, float[] prediction, float[] target, int targetOffset, int length,
            double batchEnergy, int batchSize, float[] gradient) {
        Both both = (Both) scratch;
        double a = first.segment(both.first, prediction, target, targetOffset, length, batchEnergy, batchSize,
                gradient);
        double b = second.segment(both.second, prediction, target, targetOffset, length, 0, batchSize,
                both.gradient);
        float w = (float) weight;
        for (int i = 0; i < length; i++) {
            gradient[i] += w * both.gradient[i];
        }
        return a + weight * b;
    }
}
