package dev.convstream.live.panel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the panel. Bound to loopback, anyone on this machine may, but only through a
 * loopback host name ({@code Host} checked: a web page cannot reach the panel through DNS
 * rebinding). Bound elsewhere, every request (page, API, WebSocket) must carry the random token
 * printed with the URL, as {@code ?token=}. In both cases a request that changes something and
 * comes from a page of another origin ({@code Origin} header) is refused, and WebSockets too,
 * which browsers open across origins without asking.
 */
final class PanelAccess {

    /** Loopback host names a browser on this machine sends. */
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    private final String token;

    private PanelAccess(String token) {
        this.token = token;
    }

    /** Access for a panel bound to loopback: no token. */
    static PanelAccess loopback() {
        return new PanelAccess(null);
    }

    /** Access for a panel bound elsewhere: a fresh random 128-bit token. */
    static PanelAccess withToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return new PanelAccess(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token the URL must carry, or null when none is needed. */
    String token() {
        return token;
    }

    /**
     * Checks one request.
     *
     * @param host     the {@code Host} header
     * @param origin   the {@code Origin} header, null when the browser sent none
     * @param given    the {@code token} query parameter, null when absent
     * @param changes  whether the request changes something (POST, WebSocket)
     * @throws PanelRequestException 403 saying what is missing
     */
    void check(String host, String origin, String given, boolean changes) {
        if (token == null) {
            if (host == null || !LOOPBACK_HOSTS.contains(hostName(host))) {
                throw new PanelRequestException(403, "the panel answers on 127.0.0.1 or localhost only, not '"
                        + host + "'");
            }
        } else if (given == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            throw new PanelRequestException(403, given == null
                    ? "this panel needs the token printed with its URL (?token=...)"
                    : "wrong token: use the URL printed when the panel started");
        }
        if (changes && origin != null && !origin.toLowerCase(Locale.ROOT).equals("http://"
                + (host == null ? "" : host.toLowerCase(Locale.ROOT)))) {
            throw new PanelRequestException(403, "requests from another site (" + origin + ") are refused");
        }
    }

    /** {@code host:port} or {@code [v6]:port} without the port. */
    private static String hostName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && colon > h.lastIndexOf(']')) {
            h = h.substring(0, colon);
        }
        return h;
    }
}
