package dev.convstream.live;

import dev.convstream.live.AudioBackend.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How many ports the convstream client registers and what each connects to, decided from the
 * request and the ports the server has, before anything is registered (so a bad pattern fails
 * with nothing left open).
 *
 * <p>Rules: {@code --in}/{@code --out} name a port exactly, or else are a regular expression
 * found in full port names ({@code system:capture_[12]}, {@code guitarix}); a pattern connects
 * whether or not auto-connect is on. Without a pattern, auto-connect takes the physical ports.
 * Channel counts: the request's when given; else as many as the pattern matched; else one input
 * (a guitar) and two outputs (a pair of speakers), never more outputs than physical playback
 * ports when auto-connecting. Input {@code i} reads source {@code i}; one source feeds every
 * input. Output {@code o} plays to sink {@code o}; extra sinks stay free (one sink never gets
 * several outputs summed into it).
 *
 * @param inputs   input ports to register
 * @param outputs  output ports to register
 * @param sources  the port each input reads, by input index (may be shorter than {@code inputs})
 * @param sinks    the port each output plays to, by output index (may be shorter than {@code outputs})
 */
record JackPortPlan(int inputs, int outputs, List<String> sources, List<String> sinks) {

    static final int DEFAULT_INPUTS = 1;
    static final int DEFAULT_OUTPUTS = 2;

    JackPortPlan {
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
    }

    /**
     * The plan for {@code request} on a server whose audio ports are as given.
     *
     * @param audioSources    every audio port that produces signal (JackPortIsOutput)
     * @param physicalSources the physical ones among them (capture)
     * @param audioSinks      every audio port that takes signal (JackPortIsInput)
     * @param physicalSinks   the physical ones among them (playback)
     * @throws BackendException when {@code --in} or {@code --out} is not a valid pattern or matches no port
     */
    static JackPortPlan of(StreamRequest request, List<String> audioSources, List<String> physicalSources,
                           List<String> audioSinks, List<String> physicalSinks) throws BackendException {
        boolean inPattern = given(request.inputDevice());
        boolean outPattern = given(request.outputDevice());
        List<String> from = inPattern ? match(request.inputDevice(), audioSources, "--in", "output")
                : request.autoConnect() ? physicalSources : List.of();
        List<String> to = outPattern ? match(request.outputDevice(), audioSinks, "--out", "input")
                : request.autoConnect() ? physicalSinks : List.of();

        int inputs = request.inputChannels() != 0 ? request.inputChannels()
                : inPattern ? from.size() : DEFAULT_INPUTS;
        int outputs = request.outputChannels() != 0 ? request.outputChannels()
                : outPattern ? to.size()
                : to.isEmpty() ? DEFAULT_OUTPUTS : Math.min(DEFAULT_OUTPUTS, to.size());

        List<String> sources = new ArrayList<>();
        for (int i = 0; i < inputs && !from.isEmpty(); i++) {
            if (from.size() == 1) {
                sources.add(from.get(0));
            } else if (i < from.size()) {
                sources.add(from.get(i));
            }
        }
        List<String> sinks = to.subList(0, Math.min(outputs, to.size()));
        return new JackPortPlan(inputs, outputs, sources, sinks);
    }

    /** The ports {@code spec} names: the one whose name it is, else those the regex is found in. */
    static List<String> match(String spec, List<String> ports, String option, String kind)
            throws BackendException {
        if (ports.contains(spec)) {
            return List.of(spec);
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(spec);
        } catch (PatternSyntaxException e) {
            throw new BackendException("JACK: " + option + " '" + spec + "' is neither a port name nor a "
                    + "valid regular expression: " + e.getDescription());
        }
        List<String> found = ports.stream().filter(p -> pattern.matcher(p).find()).toList();
        if (found.isEmpty()) {
            throw new BackendException("JACK: no audio " + kind + " port matches " + option + " '" + spec
                    + "'; " + kind + " ports: " + (ports.isEmpty() ? "none" : String.join(", ", ports)));
        }
        return found;
    }

    private static boolean given(String spec) {
        return spec != null && !spec.isBlank();
    }
}
