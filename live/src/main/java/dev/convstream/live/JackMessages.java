package dev.convstream.live;

import com.sun.jna.Callback;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.lang.System.Logger.Level;

/**
 * Routes libjack's own messages (its error and info functions, which print to stderr by
 * default) to {@link System.Logger} {@code dev.convstream.live.jack} at DEBUG. Why: probing for
 * a server that is not running makes libjack print lines of "Cannot connect to server socket"
 * on every {@code convstream devices}; our own exceptions already say what failed, in
 * one line. Turn the logger to DEBUG to see JACK's text.
 *
 * <p>libjack keeps one error and one info function per process, so the sink is one constant
 * (stateless, strongly reachable for as long as libjack may call it: a JNA callback that is
 * garbage-collected while installed would crash the JVM).
 */
final class JackMessages {

    private static final System.Logger LOG = System.getLogger("dev.convstream.live.jack");

    /** libjack's {@code void (*)(const char *)}. */
    interface Sink extends Callback {
        void invoke(String message);
    }

    private static final Sink TO_LOG = message -> LOG.log(Level.DEBUG, "libjack: {0}", message);

    private JackMessages() {
    }

    /**
     * Installs the sink in the libjack that {@code library} names (loaded already by JNAJack, so
     * it is the same library, JACK2's or PipeWire's). Idempotent. [main-thread]
     */
    static void quiet(String library) {
        NativeLibrary lib = NativeLibrary.getInstance(library);
        for (String setter : new String[] {"jack_set_error_function", "jack_set_info_function"}) {
            Function f = lib.getFunction(setter);
            f.invoke(Void.class, new Object[] {TO_LOG});
        }
    }
}
