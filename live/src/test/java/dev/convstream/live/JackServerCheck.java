package dev.convstream.live;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Skips a test, saying why and how to get one, when no JACK server answers. */
final class JackServerCheck {

    private JackServerCheck() {
    }

    static void assumeServer() {
        assumeTrue(new JackBackend().isAvailable(), "no JACK server answers: start the dummy one with "
                + "'bash live/src/test/scripts/jack-dummy.sh start' and eval \"$(bash "
                + "live/src/test/scripts/jack-dummy.sh env)\" (.ci/run does both)");
    }
}
