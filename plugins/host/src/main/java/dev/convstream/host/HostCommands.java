package dev.convstream.host;

import com.google.inject.Injector;
import dev.convstream.check.Failures;
import dev.convstream.check.Limits;
import dev.convstream.plugin.Numbers;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ResourceSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import javax.sound.sampled.AudioFormat;

/**
 * The host's commands as plain methods returning exit codes, for a command-line front end (the
 * {@code convstream} CLI in the cli module parses the options with picocli and calls these):
 * {@code process IN OUT --chain ...}, {@code live --chain ...}, {@code devices}, {@code plugins}.
 * Results go to {@code out}, problems to {@code err} as one clear line.
 */
public final class HostCommands {

    public static final int OK = 0;
    /**
     * Processing failed: I/O, a resource that would not load or does not fit the stream
     * ({@link ResourceException}), a device that broke.
     */
    public static final int FAILED = 1;
    /** Bad arguments or chain description. */
    public static final int USAGE = 2;
    /** The requested (or any) capture/playback device does not exist. */
    public static final int NO_DEVICE = 3;

    public static final int DEFAULT_BLOCK = 512;
    public static final int DEFAULT_RATE = 48_000;

    private final PluginRegistry registry;
    private final ChainBuilder chains;
    private final FileProcessor files;
    private final LiveRunner live;
    private final AudioDevices devices;
    private final DiscoveredPlugins discovered;
    private final PrintStream out;
    private final PrintStream err;

    public HostCommands(PluginRegistry registry, ChainBuilder chains, FileProcessor files, LiveRunner live,
                        AudioDevices devices, PrintStream out, PrintStream err) {
        this(registry, chains, files, live, devices, new DiscoveredPlugins(List.of()), out, err);
    }

    /** As above, with the plugins discovery skipped, which {@link #plugins()} reports. */
    public HostCommands(PluginRegistry registry, ChainBuilder chains, FileProcessor files, LiveRunner live,
                        AudioDevices devices, DiscoveredPlugins discovered, PrintStream out, PrintStream err) {
        this.discovered = discovered;
        this.registry = registry;
        this.chains = chains;
        this.files = files;
        this.live = live;
        this.devices = devices;
        this.out = out;
        this.err = err;
    }

    /** The commands wired from {@code injector}. */
    public static HostCommands create(Injector injector, PrintStream out, PrintStream err) {
        return new HostCommands(injector.getInstance(PluginRegistry.class), injector.getInstance(ChainBuilder.class),
                injector.getInstance(FileProcessor.class), injector.getInstance(LiveRunner.class),
                injector.getInstance(AudioDevices.class), injector.getInstance(DiscoveredPlugins.class), out, err);
    }

    /** {@code process IN OUT --chain ...}: file through chain to a WAV file. */
    public int process(Path in, Path outFile, String chainDescription, int blockSize) {
        return process(in, outFile, chainDescription, blockSize, FileProcessor.Progress.NONE);
    }

    /** As above, telling {@code progress} how far the input has been read. */
    public int process(Path in, Path outFile, String chainDescription, int blockSize,
                       FileProcessor.Progress progress) {
        PluginChain chain;
        try {
            // Before the chain loads: a block beyond the limit would be allocated per channel.
            Limits.block("--block", blockSize);
            chain = chains.build(chainDescription);
        } catch (ResourceException e) {
            return fail(e, FAILED);
        } catch (IllegalArgumentException e) {
            return fail(e, USAGE);
        }
        try (chain) {
            FileProcessor.Result r = files.process(in, outFile, chain, blockSize, progress);
            out.printf(Locale.ROOT, "processed %d frames (%d ch, %.0f Hz, read by %s) to %s; latency %d samples compensated%n",
                    r.frames(), r.channels(), r.sampleRate(), r.decodedBy(), outFile, r.latencyCompensated());
            return OK;
        } catch (IOException | ResourceException e) {
            return fail(e, FAILED);
        } catch (IllegalArgumentException e) {
            return fail(e, USAGE);
        }
    }

    /**
     * {@code live --chain ... [--in DEV] [--out DEV] [--block N] [--headroom MS]}: runs until {@code seconds}
     * have passed, or until {@code stop} counts down when {@code seconds <= 0}.
     */
    public int live(String chainDescription, String inDevice, String outDevice, int blockSize, int sampleRate,
                    int headroomMillis, double seconds, CountDownLatch stop) {
        LiveRunner.Options options;
        PluginChain chain;
        try {
            options = new LiveRunner.Options(inDevice, outDevice, blockSize, sampleRate, headroomMillis);
            chain = chains.build(chainDescription);
        } catch (ResourceException e) {
            return fail(e, FAILED);
        } catch (IllegalArgumentException e) {
            return fail(e, USAGE);
        }
        try (chain) {
            LiveRunner.Session session;
            try {
                session = live.start(chain, options);
            } catch (ResourceException e) {
                return fail(e, FAILED);
            } catch (AudioDevices.DeviceException e) {
                return fail(e, NO_DEVICE);
            }
            out.printf(Locale.ROOT, "live: %s -> %d plugin(s) -> %s, %d Hz, block %d (%.1f ms), headroom %d ms%n",
                    inDevice == null ? "default input" : inDevice, chain.size(),
                    outDevice == null ? "default output" : outDevice, sampleRate, blockSize,
                    1000.0 * blockSize / sampleRate, headroomMillis);
            try {
                if (seconds > 0) {
                    Thread.sleep(Math.round(seconds * 1000));
                } else {
                    stop.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    session.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.printf(Locale.ROOT, "live: stopped after %d blocks%n", session.blocksProcessed());
            if (session.failure() != null) {
                err.println("error: audio thread failed: " + session.failure());
                return FAILED;
            }
            return OK;
        }
    }

    /** {@code devices}: capture and playback devices for 16-bit mono at {@code sampleRate}. */
    public int devices(int sampleRate) {
        List<AudioDevices.Device> list = devices.list(new AudioFormat(sampleRate, 16, 1, true, false));
        if (list.isEmpty()) {
            out.println("no audio devices (Java Sound lists no mixer with capture or playback lines)");
            return OK;
        }
        for (AudioDevices.Device d : list) {
            out.printf("%-40s %-8s %-8s %s%n", d.name(), d.capture() ? "capture" : "", d.playback() ? "playback" : "",
                    d.description());
        }
        return OK;
    }

    /**
     * {@code plugins}: ids, parameters with ranges, defaults and units, resources; then, on
     * {@code err}, every plugin that was skipped, with its jar and the reason.
     */
    public int plugins() {
        for (PluginDescriptor d : registry.descriptors()) {
            out.printf("%s  %s %s%n", d.id(), d.name(), d.version());
            for (ParameterSpec p : d.parameters()) {
                out.printf(Locale.ROOT, "    %-14s %s, %s to %s %s, default %s (%s)%n", p.id(), p.name(),
                        Numbers.plain(p.min()), Numbers.plain(p.max()), p.unit(), Numbers.plain(p.defaultValue()), p.scale().name().toLowerCase(Locale.ROOT));
            }
            for (ResourceSpec r : d.resources()) {
                out.printf("    %-14s resource: %s%n", r.id(), r.description());
            }
        }
        for (PluginProblem p : discovered.problems()) {
            err.println("warning: " + p);
        }
        return OK;
    }


    /** Says what went wrong, one line on {@code err}, and returns {@code code}. */
    private int fail(Exception e, int code) {
        err.println("error: " + Failures.describe(e));
        return code;
    }
}
