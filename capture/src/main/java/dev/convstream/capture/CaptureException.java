package dev.convstream.capture;

import java.io.IOException;

/**
 * A capture that cannot be trained on, and why: the message names the file and the problem
 * (rates, lengths, clipping, silence, latency, drift, version) and what to do about it. An
 * {@link IOException}, so a command reports it as it reports any file it cannot use.
 */
public final class CaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }
}
