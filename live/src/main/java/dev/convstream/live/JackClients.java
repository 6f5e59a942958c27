package dev.convstream.live;

import dev.convstream.live.AudioBackend.BackendException;
import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Opens JACK clients the way every part of the backend needs them: libjack found (JACK2's, or
 * PipeWire's under {@code pw-jack}), its messages quiet ({@link JackMessages}), never starting
 * a server ({@code JackNoStartServer}: a probe must not spawn jackd behind the user's back), and
 * a failure told in one line that says what to do.
 */
final class JackClients {

    /** The name JNAJack gives libjack when it loads it (libjack.so.0 on Linux). */
    private static final String LIBRARY = "jack";

    private JackClients() {
    }

    /** libjack, loaded; throws naming what is missing. [main-thread] */
    static Jack jack() throws BackendException {
        Jack jack;
        try {
            jack = Jack.getInstance();
        } catch (JackException | LinkageError e) {
            throw new BackendException("JACK: libjack is not installed (Debian: libjack-jackd2-0, "
                    + "or pipewire-jack and run under pw-jack)", e);
        }
        JackMessages.quiet(LIBRARY);
        return jack;
    }

    /**
     * A client named {@code name} (JACK may append a suffix when the name is taken) of the
     * running server. [main-thread]
     *
     * @throws BackendException when no server runs or it refuses the client, saying which
     */
    static JackClient open(String name) throws BackendException {
        Jack jack = jack();
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        try {
            return jack.openClient(name, EnumSet.of(JackOptions.JackNoStartServer), status);
        } catch (JackException e) {
            throw new BackendException(describe(status), e);
        }
    }

    /** One line for a failed {@code jack_client_open}, from its status bits. */
    static String describe(EnumSet<JackStatus> status) {
        String server = System.getenv("JACK_DEFAULT_SERVER");
        String which = server == null || server.isEmpty() ? "default" : server;
        if (status.contains(JackStatus.JackServerFailed) || status.contains(JackStatus.JackShmFailure)) {
            return "JACK: no server '" + which + "' is running (start one: jackd -d alsa, qjackctl, "
                    + "or run under PipeWire with pw-jack)";
        }
        if (status.contains(JackStatus.JackVersionError)) {
            return "JACK: the server speaks another protocol version than this libjack";
        }
        if (status.contains(JackStatus.JackServerError)) {
            return "JACK: the server '" + which + "' refused the client (communication error)";
        }
        if (status.contains(JackStatus.JackInitFailure) || status.contains(JackStatus.JackLoadFailure)) {
            return "JACK: the client could not be initialised";
        }
        return "JACK: could not open a client on server '" + which + "' (status " + status + ")";
    }
}
