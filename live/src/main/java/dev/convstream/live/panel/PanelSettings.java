package dev.convstream.live.panel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the control panel listens and where it keeps uploaded files.
 *
 * @param bindAddress  the address the server binds, {@code 127.0.0.1} for this machine only; any
 *                     other (e.g. {@code 0.0.0.0}) makes the panel require a token in its URL
 * @param port         TCP port, 0 for any free port
 * @param uploadFolder the private folder (owner-only) that uploaded models and IRs are stored in;
 *                     they stay after the panel stops, since a saved chain state names them
 */
public record PanelSettings(String bindAddress, int port, Path uploadFolder) {

    /** The default port of {@code convstream live --ui}. */
    public static final int DEFAULT_PORT = 8080;
    /** The default bind address: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";

    public PanelSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("panel bind address must not be blank, found '" + bindAddress + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("panel port must be in [0, 65535], found " + port);
        }
        if (uploadFolder == null) {
            throw new IllegalArgumentException("panel upload folder must not be null");
        }
    }

    /**
     * Whether only this machine can reach the panel (a loopback address), so no token is needed.
     *
     * @throws IllegalArgumentException naming the address when it does not resolve
     */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("panel bind address '" + bindAddress + "' does not resolve", e);
        }
    }

    /**
     * The upload folder of a user: {@code $XDG_CACHE_HOME/convstream/uploads}, else
     * {@code ~/.cache/convstream/uploads}.
     */
    public static Path defaultUploadFolder(Map<String, String> environment) {
        String cache = environment.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("convstream").resolve("uploads");
    }
}
