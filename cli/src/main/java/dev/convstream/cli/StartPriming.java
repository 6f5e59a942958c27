package dev.convstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a command line gets {@link dev.convstream.kernel.KernelPrimer} at start: the commands that
 * stream audio through a chain that may run the WaveNet tiles the primer compiles ({@code demo},
 * and {@code process} and {@code live} unless every plugin of their {@code --chain} is one of the
 * shipped plugins that never runs them), unless the system property {@value #PROPERTY} is
 * {@code false}. Everything else would only pay the primer's rounds: on the 2-vCPU machine they
 * made a one-second gain-only job 0.3-0.4 s slower (BENCHMARKS.md, "Session 35").
 *
 * <p>Read from the raw arguments, before picocli or the plugin registry exist, so that the
 * primer starts first: when the chain text cannot be read here (the JSON form, or text the
 * chain parser will reject), the command is primed, as it was before.
 */
final class StartPriming {

    /** {@code -Dconvstream.prime=false} turns the primer off (to compare, or on a machine with one CPU). */
    static final String PROPERTY = "convstream.prime";

    private static final Set<String> STREAMING = Set.of("process", "live", "demo");
    /**
     * Shipped plugins whose code has no WaveNet tile: chains of these alone are not primed. Their
     * ids as text, since the CLI finds the plugins at run time only (the test checks them).
     */
    static final Set<String> WITHOUT_WAVENET = Set.of("gain", "dcblock", "convolver");
    private static final String CHAIN = "--chain";

    private StartPriming() {
    }

    static boolean wanted(String[] args, String property) {
        if ("false".equalsIgnoreCase(property)) {
            return false;
        }
        int at = SubcommandWord.indexIn(args);
        if (at < 0 || !STREAMING.contains(args[at])) {
            return false;
        }
        return args[at].equals("demo") || chainMayRunWaveNets(args, at + 1);
    }

    /** The subcommand's {@code --chain} names a plugin outside {@link #WITHOUT_WAVENET}, or cannot be read here. */
    private static boolean chainMayRunWaveNets(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.equals(CHAIN) && i + 1 < args.length) {
                return mayRunWaveNets(args[i + 1]);
            }
            if (a.startsWith(CHAIN + "=")) {
                return mayRunWaveNets(a.substring(CHAIN.length() + 1));
            }
        }
        return false; // no chain: `live --measure-latency`, or a usage error
    }

    private static boolean mayRunWaveNets(String chain) {
        List<String> ids = pluginIds(chain);
        return ids == null || !WITHOUT_WAVENET.containsAll(ids);
    }

    /**
     * The plugin ids of a chain in the text form ({@code id [ "(" args ")" ] ( "->" ... )*}, the
     * grammar of {@code host.ChainParser}; quoted argument values may hold any character), or
     * null when the text is not of that form.
     */
    static List<String> pluginIds(String chain) {
        List<String> ids = new ArrayList<>();
        int i = skipSpace(chain, 0);
        while (true) {
            int start = i;
            while (i < chain.length() && (Character.isLetterOrDigit(chain.charAt(i)) || chain.charAt(i) == '_')) {
                i++;
            }
            if (i == start) {
                return null;
            }
            ids.add(chain.substring(start, i));
            i = skipSpace(chain, i);
            if (i < chain.length() && chain.charAt(i) == '(') {
                i = afterArguments(chain, i + 1);
                if (i < 0) {
                    return null;
                }
                i = skipSpace(chain, i);
            }
            if (i == chain.length()) {
                return ids;
            }
            if (!chain.startsWith("->", i)) {
                return null;
            }
            i = skipSpace(chain, i + 2);
        }
    }

    /**
     * The index after the ')' closing the arguments that start at {@code i}, -1 if none. As in the
     * parser, a value that starts with a quote runs to the same quote, whatever it holds.
     */
    private static int afterArguments(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ')') {
                return i + 1;
            }
            if (c == '=') {
                int v = skipSpace(s, i + 1);
                if (v < s.length() && (s.charAt(v) == '"' || s.charAt(v) == '\'')) {
                    int end = s.indexOf(s.charAt(v), v + 1);
                    if (end < 0) {
                        return -1;
                    }
                    i = end + 1;
                    continue;
                }
            }
            i++;
        }
        return -1;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
