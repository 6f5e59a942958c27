package dev.convstream.model.nam;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;
import dev.convstream.io.AtomicFiles;
import dev.convstream.model.GatingMode;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.LayerConfig;
import dev.convstream.model.WaveNetConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an A1 WaveNet as a {@code .nam} file of version {@value #VERSION}, the form NAM's
 * trainer writes for A1 (and every NAM player reads): {@code version}, {@code metadata},
 * {@code architecture "WaveNet"}, {@code config} ({@code layers} with input_size,
 * condition_size, head_size, channels, kernel_size, dilations, activation, gated, head_bias;
 * {@code head: null}; {@code head_scale}), {@code weights} in NAM's order, {@code sample_rate}.
 *
 * <p>Each weight is written as the decimal of its float widened to double (as NAM's trainer,
 * whose floats pass through Python's double, writes them), so every reader, parsing to double
 * and narrowing to float, gets the weight's exact bits back. The file is written through
 * {@link AtomicFiles}: a failed write leaves no file and an existing file untouched.
 *
 * <p>One of NAM trainer's sizes is {@code write(path, architecture.config(), ...)} with a
 * {@code dev.convstream.train.A1Architecture}; the writer takes the config itself so that
 * {@code model.nam} does not depend on {@code train}, which depends on {@code model}.
 *
 * <p>The metadata map is written as given (strings, numbers, booleans, nulls, lists and maps);
 * when it has no {@code date}, the writer adds the current local time in NAM's form
 * ({@code year, month, day, hour, minute, second}).
 */
public final class NamWriter {
    /** The file version written: NAM's A1 form, as NAM's trainer writes it in the 0.5 series. */
    public static final String VERSION = "0.5.4";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;

    public NamWriter() {
        this(Clock.systemDefaultZone());
    }

    /** @param clock where the default {@code metadata.date} comes from */
    public NamWriter(Clock clock) {
        this.clock = Require.notNull("clock", clock);
    }

    /**
     * @param config an A1 WaveNet: mono, every layer array with the same kernel, activation and
     *     gating in every layer, no bottleneck, groups, FiLM, head 1x1 or post-stack head
     * @param weights {@code config.weightCount()} finite values in NAM's order, the head scale last
     * @param sampleRate Hz, positive
     * @param metadata the file's metadata (may be empty)
     * @throws IllegalArgumentException naming the field at fault, before anything is written
     * @throws IOException when the file cannot be written (then nothing is left under its name)
     */
    public void write(Path path, WaveNetConfig config, float[] weights, double sampleRate, Map<String, ?> metadata)
            throws IOException {
        Require.notNull("path", path);
        Require.notNull("config", config);
        Require.notNull("weights", weights);
        Require.notNull("metadata", metadata);
        checkA1(config);
        if (weights.length != config.weightCount()) {
            throw new IllegalArgumentException("weights: expected " + config.weightCount() + " values, found "
                    + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "] must be finite, found " + weights[i]);
            }
        }
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample_rate must be a positive number, found " + sampleRate);
        }
        Map<String, Object> meta = new LinkedHashMap<>(metadata);
        meta.putIfAbsent("date", date(LocalDateTime.now(clock)));
        finite("metadata", meta);
        byte[] checked;
        try {
            checked = mapper.writeValueAsBytes(meta); // before the file: a value JSON cannot hold fails here
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("metadata cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        AtomicFiles.write(path, out -> {
            try (JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("version", VERSION);
                g.writeFieldName("metadata");
                g.writeRawValue(new String(checked, java.nio.charset.StandardCharsets.UTF_8));
                g.writeStringField("architecture", "WaveNet");
                g.writeFieldName("config");
                writeConfig(g, config);
                g.writeArrayFieldStart("weights");
                for (float w : weights) {
                    g.writeNumber((double) w);
                }
                g.writeEndArray();
                if (sampleRate == Math.rint(sampleRate) && sampleRate < Integer.MAX_VALUE) {
                    g.writeNumberField("sample_rate", (int) sampleRate);
                } else {
                    g.writeNumberField("sample_rate", sampleRate);
                }
                g.writeEndObject();
            }
        });
    }

    /** Refuses NaN and infinite numbers anywhere in a metadata value: JSON has no such numbers. */
    private static void finite(String at, Object value) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new IllegalArgumentException(at + " must be a finite number, found " + value);
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                finite(at + "." + e.getKey(), e.getValue());
            }
        } else if (value instanceof Iterable<?> list) {
            int i = 0;
            for (Object v : list) {
                finite(at + "[" + i++ + "]", v);
            }
        }
    }

    /** NAM's metadata date: {@code {year, month, day, hour, minute, second}}. */
    public static Map<String, Object> date(LocalDateTime t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("year", t.getYear());
        d.put("month", t.getMonthValue());
        d.put("day", t.getDayOfMonth());
        d.put("hour", t.getHour());
        d.put("minute", t.getMinute());
        d.put("second", t.getSecond());
        return d;
    }

    private static void writeConfig(JsonGenerator g, WaveNetConfig config) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("layers");
        for (LayerArrayConfig a : config.layerArrays()) {
            LayerConfig first = a.layers().get(0);
            g.writeStartObject();
            g.writeNumberField("input_size", a.inputSize());
            g.writeNumberField("condition_size", a.conditionSize());
            g.writeNumberField("head_size", a.headSize());
            g.writeNumberField("channels", a.channels());
            g.writeNumberField("kernel_size", first.kernelSize());
            g.writeArrayFieldStart("dilations");
            for (int d : a.dilations()) {
                g.writeNumber(d);
            }
            g.writeEndArray();
            g.writeStringField("activation", NamActivations.nameOf(first.activation()));
            g.writeBooleanField("gated", first.gating() == GatingMode.GATED);
            g.writeBooleanField("head_bias", a.headBias());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNullField("head");
        g.writeNumberField("head_scale", config.headScale());
        g.writeEndObject();
    }

    private static void checkA1(WaveNetConfig config) {
        if (config.inChannels() != 1 || config.outChannels() != 1 || config.head() != null
                || config.conditionDsp() != null) {
            throw new IllegalArgumentException("config: the A1 form (version " + VERSION + ") holds a mono WaveNet "
                    + "without a post-stack head or condition_dsp");
        }
        for (int i = 0; i < config.layerArrays().size(); i++) {
            LayerArrayConfig a = config.layerArrays().get(i);
            String at = "config.layers[" + i + "]: ";
            if (a.bottleneck() != a.channels() || a.layer1x1() == null || a.layer1x1().groups() != 1
                    || a.head1x1() != null || a.groupsInput() != 1 || a.groupsInputMixin() != 1
                    || !a.films().isEmpty() || a.head().kernelSize() != 1 || a.head().dilation() != 1) {
                throw new IllegalArgumentException(at + "the A1 form has no bottleneck, groups, FiLM, head1x1 or "
                        + "head kernel wider than 1");
            }
            LayerConfig first = a.layers().get(0);
            for (LayerConfig l : a.layers()) {
                if (l.kernelSize() != first.kernelSize() || !l.activation().equals(first.activation())
                        || l.gating() != first.gating()) {
                    throw new IllegalArgumentException(at + "the A1 form has one kernel_size, activation and gating "
                            + "per layer array");
                }
                if (l.gating() == GatingMode.BLENDED
                        || (l.gating() == GatingMode.GATED && !(l.secondary() instanceof ActivationFunction.Sigmoid))) {
                    throw new IllegalArgumentException(at + "the A1 form gates only with Sigmoid, found "
                            + l.gating().namName());
                }
            }
        }
    }
}
