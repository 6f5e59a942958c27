package dev.convstream.cli;

import dev.convstream.live.panel.PanelSettings;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The control panel's options of {@code convstream live} (a picocli mixin): {@code --ui},
 * {@code --port}, {@code --ui-bind}. See docs/control-panel.md.
 */
final class UiOptions {

    @Option(names = "--ui",
            description = "Serve the control panel: a web page to change the chain while it plays (parameters, models and IRs, bypass, meters, spectrograms, state).")
    boolean enabled;

    @Option(names = "--port", defaultValue = "" + PanelSettings.DEFAULT_PORT,
            description = "Port of the control panel (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--ui-bind", paramLabel = "ADDRESS", defaultValue = PanelSettings.LOOPBACK,
            description = "Address the control panel listens on (default: ${DEFAULT-VALUE}, this machine only); any other, e.g. 0.0.0.0, requires the token printed with the URL.")
    String bind;

    /**
     * The panel's settings, its uploads in the user's cache folder; null without {@code --ui}.
     *
     * @throws IllegalArgumentException when {@code --port} or {@code --ui-bind} is given without
     *                                  {@code --ui}, or either is invalid
     */
    PanelSettings settings(Map<String, String> environment) {
        if (!enabled) {
            if (port != PanelSettings.DEFAULT_PORT || !PanelSettings.LOOPBACK.equals(bind)) {
                throw new IllegalArgumentException("--port and --ui-bind set up the control panel: add --ui");
            }
            return null;
        }
        PanelSettings settings = new PanelSettings(bind, port, PanelSettings.defaultUploadFolder(environment));
        settings.loopbackOnly(); // an address that does not resolve fails here, before any audio starts
        return settings;
    }
}
