package dev.convstream.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The training losses a user picks by name ({@code --loss}). */
public enum LossKind {
    /** {@link EsrLoss}: ESR of the pre-emphasised signals. */
    ESR("esr"),
    /** {@link EsrLoss} plus {@link MultiResolutionStftLoss} weighted by {@link MultiResolutionStftLoss#NAM_WEIGHT}. */
    ESR_MRSTFT("esr+mrstft");

    private final String label;

    LossKind(String label) {
        this.label = label;
    }

    /** The name users type. */
    public String label() {
        return label;
    }

    /** The loss of this kind with pre-emphasis {@code preEmphasis}. */
    public TrainingLoss create(double preEmphasis) {
        EsrLoss esr = new EsrLoss(preEmphasis);
        return switch (this) {
            case ESR -> esr;
            case ESR_MRSTFT -> new SumLoss(esr, new MultiResolutionStftLoss(), MultiResolutionStftLoss.NAM_WEIGHT);
        };
    }

    /** The kind named {@code label}, or a message listing the names. */
    public static LossKind parse(String label) {
        for (LossKind k : values()) {
            if (k.label.equals(label.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("loss must be one of " + Arrays.stream(values()).map(LossKind::label)
                .collect(Collectors.joining(", ")) + ", found " + label);
    }
}
