package dev.convstream.cli;

import dev.convstream.check.Limits;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The {@code --block} check every command shares: {@link Limits#MAX_BLOCK}, a usage error (exit 2) beyond it. */
final class BlockOption {
    private BlockOption() {
    }

    /** Returns {@code block} when in [1, {@link Limits#MAX_BLOCK}]; else a one-line usage error. */
    static int check(CommandSpec command, int block) {
        try {
            return Limits.block("--block", block);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }
}
