package dev.convstream.model;

import dev.convstream.check.Require;

/**
 * One active FiLM: with {@code shift} its 1x1 conv of the condition gives a scale and a shift per
 * modulated row (scale rows first), else a scale only; {@code groups} groups that conv.
 */
public record FilmConfig(boolean shift, int groups) {
    public FilmConfig {
        Require.atLeastOne("FiLM groups", groups);
    }

    /** Rows of its conv's output for {@code rows} modulated rows. */
    public int outputs(int rows) {
        return (shift ? 2 : 1) * rows;
    }
}
