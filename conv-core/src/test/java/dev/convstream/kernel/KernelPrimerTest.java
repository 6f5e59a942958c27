package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.WaveNetConfig;
import dev.convstream.model.nam.NamActivations;
import dev.convstream.testing.NamDocuments;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelPrimer}: that it calls, in the same way, every kernel entry a WaveNet of the NAM A1
 * sizes calls. That is what keeps C2's compile of a primed tile valid for the model: a branch the
 * primer never took would be compiled as never taken, and the model's first call through it would
 * send the tile back to the interpreter and C2 round again.
 */
class KernelPrimerTest {

    /** A1 standard, lite, feather and nano: channels of array 0 and of array 1 (half). */
    @ParameterizedTest
    @ValueSource(ints = {16, 12, 8, 4})
    void callsEveryKernelEntryAnA1WaveNetCalls(int channels) throws Exception {
        int[] dilations = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
        WaveNetConfig config = new WaveNetConfig(List.of(
                new LayerArrayConfig(1, 1, channels / 2, channels, 3, dilations, NamActivations.byName("Tanh"),
                        false, false),
                new LayerArrayConfig(channels, 1, 1, channels / 2, 3, dilations, NamActivations.byName("Tanh"),
                        false, true)),
                0.02f);
        Set<String> model = new TreeSet<>();
        StreamingModel m = NamDocuments.read(NamDocuments.model(config, new Random(channels)), false)
                .newModel(recording(Kernels.preferred(), model));
        // the block sizes of process (512) and live (256): multiples of the tiles' 64 frames
        m.prepare(512);
        float[] in = new float[512];
        float[] out = new float[512];
        Random r = new Random(1);
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextFloat() - 0.5f;
        }
        m.process(in, 0, out, 0, 512);
        m.process(in, 0, out, 0, 256);
        // Not primed: calls of fewer frames than a tile (prepare's one frame of silence, blocks of
        // odd sizes); their tails run other methods, which the primer would make C2 compile first.
        model.removeIf(call -> call.endsWith(" tail"));
        assertTrue(model.stream().anyMatch(call -> call.startsWith("groups of 4: k>1 bias mixin")), "" + model);

        Set<String> primed = new TreeSet<>();
        KernelPrimer.prime(recording(Kernels.preferred(), primed), 1, Duration.ofMinutes(1));

        Set<String> missing = new TreeSet<>(model);
        missing.removeAll(primed);
        assertTrue(missing.isEmpty(), "not primed: " + missing + " (primed: " + primed + ")");
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void runsTheRoundsAskedOnEitherFamily(Kernels kernels) {
        KernelPrimer.Result r = KernelPrimer.prime(kernels, 25, Duration.ofMinutes(1));
        assertEquals(25, r.rounds());
        assertTrue(r.nanos() > 0);
    }

    @Test
    void stopsAtTheBudget() {
        assertEquals(0, KernelPrimer.prime(Kernels.scalar(), 1000, Duration.ZERO).rounds());
        // checked between rounds: the loop ends once 50 ms have passed
        KernelPrimer.Result r = KernelPrimer.prime(Kernels.scalar(), Integer.MAX_VALUE, Duration.ofMillis(50));
        assertTrue(r.rounds() > 0 && r.rounds() < Integer.MAX_VALUE, "rounds " + r.rounds());
        assertTrue(r.nanos() >= 50_000_000L, "nanos " + r.nanos());
    }

    @Test
    void rejectsNegativeRounds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelPrimer.prime(Kernels.scalar(), -1, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("rounds"), e.getMessage());
    }

    @Test
    void daemonThreadPrimesAndEnds() throws Exception {
        Thread t = KernelPrimer.startDaemon(Kernels.scalar(), Duration.ofSeconds(30));
        assertTrue(t.isDaemon());
        assertEquals("kernel-primer", t.getName());
        t.join(60_000);
        assertTrue(!t.isAlive(), "the primer thread did not end");
    }

    // ---- recording kernels: each call as the tile paths it takes in the vector family ----

    /**
     * {@code kernels} with its streaming convs and elementwise math recorded into {@code log}. A
     * fixed conv's call is recorded per part of the vector family's work: its groups of 4 outputs
     * (the packed tiles) and its last {@code cout % 4} rows (the general tile), each with the kernel
     * size (1 or more), whether there is a bias, and what the call starts from (zero, a base, or
     * the conv with its mixin), and whether the block is whole tiles of 64 frames.
     */
    private static Kernels recording(Kernels kernels, Set<String> log) {
        // one recorder per kernel: model.Conv fuses a conv and its mixin only when both have the same kernel
        Map<StreamingConvKernel, StreamingConvKernel> recorders = new IdentityHashMap<>();
        return proxy(Kernels.class, kernels, (method, args, result) -> switch (method) {
            case "streamingConv" -> recordingConv((StreamingConvKernel) result, log, recorders);
            case "math" -> proxy(ElementwiseMath.class, (ElementwiseMath) result, (name, a, r) -> {
                log.add("math " + name);
                return r;
            });
            default -> result;
        });
    }

    private static StreamingConvKernel recordingConv(StreamingConvKernel kernel, Set<String> log,
                                                     Map<StreamingConvKernel, StreamingConvKernel> recorders) {
        return recorders.computeIfAbsent(kernel, key -> proxy(StreamingConvKernel.class, key,
                (method, args, result) -> switch (method) {
                    case "forShape", "forOutputs" -> recordingConv((StreamingConvKernel) result, log, recorders);
                    // fix(cout, cin, k, dilation, w, wOff, bias, bOff)
                    case "fix" -> recordingFixed((StreamingConvKernel.Fixed) result, (int) args[0], (int) args[2],
                            args[6] != null, log);
                    default -> {
                        log.add("direct " + method);
                        yield result;
                    }
                }));
    }

    private static StreamingConvKernel.Fixed recordingFixed(StreamingConvKernel.Fixed fixed, int cout, int k,
                                                            boolean bias, Set<String> log) {
        return proxy(StreamingConvKernel.Fixed.class, fixed, (method, args, result) -> {
            String start;
            int n;
            switch (method) {
                case "correlate" -> {
                    start = "zero";
                    n = (int) args[6];
                }
                case "correlateOnto" -> {
                    start = args[3] == null ? "zero" : "base";
                    n = (int) args[9];
                }
                case "correlateWithMixin" -> {
                    start = "mixin";
                    n = (int) args[10];
                }
                default -> throw new AssertionError("unexpected Fixed." + method);
            }
            String call = (k == 1 ? "k1" : "k>1") + (bias ? " bias " : " no-bias ") + start
                    + (n % 64 == 0 ? " whole-tiles" : " tail");
            if (cout >= 4) {
                log.add("groups of 4: " + call);
            }
            if (cout % 4 != 0) {
                log.add("last rows: " + call);
            }
            return result;
        });
    }

    /** What a recording proxy does with a call's result (and its arguments). */
    private interface Wrapper {
        Object wrap(String method, Object[] args, Object result);
    }

    /** A proxy of {@code type} that calls {@code target} (default methods included) and passes the result through {@code wrapper}. */
    private static <T> T proxy(Class<T> type, T target, Wrapper wrapper) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object result = invoke(method, target, args);
            return wrapper.wrap(method.getName(), args == null ? new Object[0] : args, result);
        }));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
