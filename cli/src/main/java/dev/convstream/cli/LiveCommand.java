package dev.convstream.cli;

import dev.convstream.host.HostCommands;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.convstream.live.panel.PanelSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convstream live --chain "..."}: capture device -> chain -> playback device, until Ctrl-C. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Run a plugin chain live: capture device -> chain -> playback device.",
                "Stops on Ctrl-C (or after --seconds). Exit code 3 when there is no such device."})
final class LiveCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    ConvstreamCommand top;

    @Option(names = "--chain", required = true, paramLabel = "CHAIN", description = "e.g. \"gain(db=-6) -> dcblock()\".")
    String chain;

    @Option(names = "--in", paramLabel = "DEVICE", description = "Capture device name (see 'convstream devices'); default input if omitted.")
    String inDevice;

    @Option(names = "--out", paramLabel = "DEVICE", description = "Playback device name; default output if omitted.")
    String outDevice;

    @Option(names = "--block", defaultValue = "" + HostCommands.DEFAULT_BLOCK,
            description = "Block size in frames (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--rate", defaultValue = "" + HostCommands.DEFAULT_RATE, description = "Sample rate (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--headroom", defaultValue = "100",
            description = "Milliseconds of silence queued on the playback line against underruns (default: ${DEFAULT-VALUE}).")
    int headroomMillis;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this many seconds (0: run until Ctrl-C).")
    double seconds;

    @Mixin
    UiOptions ui;

    @Override
    public Integer call() {
        PanelSettings panel;
        try {
            panel = ui.settings(top.environment());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return HostCommands.USAGE;
        }
        if (panel != null) {
            // The panel needs the LiveEngine the backends run (issue 16); this runner has none.
            // With them: ControlPanel.start(session, chains, panel, System.out) once the stream runs.
            System.err.println("error: --ui needs the live engine's audio backends, which this build's runner does not use");
            return HostCommands.USAGE;
        }
        // Ctrl-C: the hook asks the session to stop and waits until the devices are closed.
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "convstream-live-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return top.host().live(chain, inDevice, outDevice, block, rate, headroomMillis, seconds, stop);
        } finally {
            stopped.countDown();
        }
    }
}
