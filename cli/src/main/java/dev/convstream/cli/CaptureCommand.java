package dev.convstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code convstream capture}: the parent of the capture workflow's steps (docs/capture.md). */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Capture your gear for a NAM model: write the capture signal, play it through the gear and",
                "record it, check the recording. See docs/capture.md."},
        subcommands = {CaptureSignalCommand.class, CaptureCheckCommand.class, CaptureTrainCommand.class})
final class CaptureCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
