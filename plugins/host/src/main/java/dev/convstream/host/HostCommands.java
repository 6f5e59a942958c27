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
import java.util.Map;

/**
 * The host's commands as plain methods returning exit codes, for a command-line front end (the
 * {@code convstream} CLI in the cli module parses the options with picocli and calls these):
 * {@code process IN OUT --chain ...}, {@code plugins}. Live audio ({@code live}, {@code devices})
 * is the live module's ({@code dev.convstream.live.LiveRig}).
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
    /** The requested (or any) capture/playback device does not exist (the live commands). */
    public static final int NO_DEVICE = 3;

    public static final int DEFAULT_BLOCK = 512;

    private final PluginRegistry registry;
    private final ChainBuilder chains;
    private final FileProcessor files;
    private final DiscoveredPlugins discovered;
    private final PrintStream out;
    private final PrintStream err;

    public HostCommands(PluginRegistry registry, ChainBuilder chains, FileProcessor files, PrintStream out,
                        PrintStream err) {
        this(registry, chains, files, new DiscoveredPlugins(List.of()), out, err);
    }

    /** As above, with the plugins discovery skipped, which {@link #plugins()} reports. */
    public HostCommands(PluginRegistry registry, ChainBuilder chains, FileProcessor files,
                        DiscoveredPlugins discovered, PrintStream out, PrintStream err) {
        this.discovered = discovered;
        this.registry = registry;
        this.chains = chains;
        this.files = files;
        this.out = out;
        this.err = err;
    }

    /** The commands wired from {@code injector}. */
    public static HostCommands create(Injector injector, PrintStream out, PrintStream err) {
        return new HostCommands(injector.getInstance(PluginRegistry.class), injector.getInstance(ChainBuilder.class),
                injector.getInstance(FileProcessor.class), injector.getInstance(DiscoveredPlugins.class), out, err);
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
            out.printf(Locale.ROOT, "processed %d frames (%d ch, %.0f Hz, read by %s) to %s (%d ch); latency %d samples compensated%n",
                    r.frames(), r.channels(), r.sampleRate(), r.decodedBy(), outFile, r.outputChannels(),
                    r.latencyCompensated());
            r.warnings().forEach(w -> err.println("warning: " + w));
            return OK;
        } catch (IOException | ResourceException e) {
            return fail(e, FAILED);
        } catch (IllegalArgumentException e) {
            return fail(e, USAGE);
        }
    }

    /**
     * {@code plugins}: ids, parameters with ranges, defaults and units, resources; then, on
     * {@code err}, every plugin that was skipped, with its jar and the reason.
     */
    public int plugins() {
        for (PluginDescriptor d : registry.descriptors()) {
            List<String> former = registry.aliases().entrySet().stream().filter(a -> a.getValue().equals(d.id()))
                    .map(Map.Entry::getKey).toList();
            out.printf("%s  %s %s%s%n", d.id(), d.name(), d.version(),
                    former.isEmpty() ? "" : " (also: " + String.join(", ", former) + ")");
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
