package dev.convstream.cli;

import dev.convstream.host.HostCommands;
import dev.convstream.live.SampleFormat;
import dev.convstream.live.StreamRequest;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import dev.convstream.live.panel.PanelSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code convstream live --chain "..."}: capture device -> chain -> playback device, with a
 * status line, until Ctrl-C; {@code --measure-latency} measures the round trip instead.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Run a plugin chain live: capture device -> chain -> playback device, with a status line",
                "(block, latency, load p50/p99 of the deadline, xruns, input/output peaks) on stderr.",
                "Stops on Ctrl-C (or after --seconds). Exit code 3 when there is no such device.",
                "--measure-latency plays a probe through the output and finds it in the input (loop the",
                "output back to the input first) and prints the round-trip latency."})
final class LiveCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    ConvstreamCommand top;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--chain", required = true, paramLabel = "CHAIN", description = "e.g. \"gain(db=-6) -> dcblock()\".")
        String chain;

        @Option(names = "--measure-latency", required = true,
                description = "Measure the round trip, output to input, instead of running a chain.")
        boolean measureLatency;
    }

    @Option(names = "--backend", paramLabel = "ID",
            description = "Audio backend: jack or javasound (default: JACK when its server runs, else Java Sound).")
    String backend;

    @Option(names = "--in", paramLabel = "DEVICE", description = "Capture device name (see 'convstream devices'); default input if omitted.")
    String inDevice;

    @Option(names = "--out", paramLabel = "DEVICE", description = "Playback device name; default output if omitted.")
    String outDevice;

    @Option(names = "--rate", defaultValue = "0", description = "Sample rate in Hz (default: 0, the device's own).")
    int rate;

    @Option(names = "--block", defaultValue = "0",
            description = "Frames per period (default: 0, the backend's: 256 for Java Sound, the server's for JACK).")
    int block;

    @Option(names = "--channels", defaultValue = "0",
            description = "Capture channels the chain runs on (default: 0, the device's; Java Sound: mono).")
    int channels;

    @Option(names = "--out-channels", defaultValue = "0",
            description = "Playback channels (default: 0, the device's; Java Sound: stereo). Each plays chain channel min(o, n-1).")
    int outChannels;

    @Option(names = "--latency", paramLabel = "MS", defaultValue = "0",
            description = "Target latency in ms, the device buffers included (default: 0, as low as the measured jitter allows).")
    double latencyMillis;

    @Option(names = "--format", paramLabel = "FMT",
            description = "Sample format on the wire (Java Sound): s16, s24, s32 or f32 (default: the best both devices offer).")
    String format;

    @Option(names = "--connect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "JACK: connect to the system's physical ports (default: on).")
    boolean connect;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this many seconds (0: run until Ctrl-C).")
    double seconds;

    @Mixin
    UiOptions ui;

    @Override
    public Integer call() {
        StreamRequest request;
        PanelSettings panel;
        try {
            request = new StreamRequest(inDevice, outDevice, rate, block, channels, outChannels, latencyMillis, connect,
                    format == null ? null : SampleFormat.parse(format));
            panel = ui.settings(top.environment());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return HostCommands.USAGE;
        }
        if (mode.measureLatency) {
            if (panel != null) {
                System.err.println("error: --ui runs with a chain, not with --measure-latency (see 'convstream live --help')");
                return HostCommands.USAGE;
            }
            return top.rig().measureLatency(backend, request);
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
            return top.rig().live(mode.chain, backend, request, panel, seconds, stop, top.verbose);
        } finally {
            stopped.countDown();
        }
    }
}
