package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link InternedLiterals}: what it reads from a class file, and that it removes the allocation it
 * is for. The allocation tests run in the {@code allocation-tests} execution (foreground
 * compilation, see the parent pom), where a method's first request for C2 compiles it before the
 * call returns, so the call that crosses the threshold is one of the measured ones.
 */
class InternedLiteralsTest {
    // This module's tests are compiled with javac's default string concatenation (invokedynamic
    // recipes, plugin-api/pom.xml), as a third party's plugin is: with the main classes' inline
    // form the unprepared class showed no allocation at its C2 request (not analysed further;
    // docs/startup.md, "C2's queue at start").

    /** Calls per hot method: C2's threshold is 5,000 calls at most ({@code Tier4InvocationThreshold}) times the queue's load factor. */
    private static final int CALLS = 200_000;

    @Test
    void readsEveryStringConstantOfAClassFile() throws IOException {
        List<String> literals;
        try (InputStream in = Unprepared.class.getResourceAsStream("InternedLiteralsTest$Unprepared.class")) {
            literals = InternedLiterals.literalsOf(in);
        }
        // the recipe of the concatenation (\u0001 marks an argument), the only string constant
        assertEquals(List.of(recipe("unprepared: n must be >= 0, found ", "")), literals);
    }

    @Test
    void rejectsWhatIsNotAClassFile() {
        IOException e = assertThrows(IOException.class,
                () -> InternedLiterals.literalsOf(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
        assertTrue(e.getMessage().contains("not a class file"), e.getMessage());
    }

    @Test
    void findsTheLiteralsOfEveryClassUnderTheAnchorsTopLevelPackage() {
        InternedLiterals all = InternedLiterals.of(List.of(InternedLiteralsTest.class));
        // PluginChain's message on a wrong channel count: in main classes, not the anchor's own
        // (compiled with javac's inline concatenation: its pieces are plain constants)
        assertTrue(all.holds(String.join("", "the chain ", "gives "))
                && all.holds(String.join("", ": prepare it with ", "ChannelPlan.spec")), "literals of PluginChain");
        assertTrue(all.holds(recipe("prepared: n must be >= 0, found ", "")), "literals of a test class");
        assertTrue(all.classes() > 20, all.classes() + " classes");
    }

    @Test
    void readsTheClassesOfAJarToo() {
        // JUnit's classes come from its jar: the anchor's top-level package is org/junit/
        InternedLiterals junit = InternedLiterals.of(List.of(Test.class));
        assertTrue(junit.classes() > 100, junit.classes() + " classes");
        assertTrue(junit.size() > 100, junit.size() + " literals");
    }

    /**
     * The cause, shown: the first request for C2 resolves the class's literals on the calling
     * thread, so a call of a method whose error message never ran allocates once. If a JDK stops
     * doing this, this test fails and {@link InternedLiterals} can go.
     */
    @Test
    @Tag("allocation")
    void aClassWhoseLiteralsNobodyInternedAllocatesOnceItsMethodIsHot() {
        long allocating = allocatingCalls(Unprepared::step);
        assertTrue(allocating >= 1, "no call allocated: the JIT no longer creates the literals on the calling thread");
    }

    @Test
    @Tag("allocation")
    void aClassWhoseLiteralsAreInternedNeverAllocates() {
        InternedLiterals held = InternedLiterals.ofClasses(List.of(Prepared.class, meterClass(),
                meterClass().getSuperclass()));
        assertEquals(0, allocatingCalls(Prepared::step), "calls that allocated");
        assertTrue(held.size() >= 1);
    }

    /**
     * A concatenation recipe, built at run time: the same text as a literal here would put it in
     * this class's constant pool, and C2's first request for any method of this class would
     * resolve (intern) it, hiding what the allocation tests are after.
     */
    private static String recipe(String... parts) {
        return String.join(String.valueOf((char) 1), parts);
    }

    /** How many of {@link #CALLS} calls of {@code step} allocated, the meter warmed first. */
    private static long allocatingCalls(Step step) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        bean.setThreadAllocatedMemoryEnabled(true);
        float[] x = new float[64];
        long allocating = 0;
        float sink = 0;
        for (int i = 0; i < CALLS; i++) {
            long a0 = bean.getCurrentThreadAllocatedBytes();
            sink += step.run(x, i & 63);
            long a1 = bean.getCurrentThreadAllocatedBytes();
            if (a1 != a0) {
                allocating++;
            }
        }
        assertTrue(sink == sink, "keeps the calls");
        return allocating;
    }

    private static Class<?> meterClass() {
        return ManagementFactory.getThreadMXBean().getClass();
    }

    @FunctionalInterface
    private interface Step {
        float run(float[] x, int n);
    }

    /**
     * A per-block method with an error message that never runs, as on the audio path. Longer
     * than C2 inlines into a hot caller ({@code FreqInlineSize}, 325 bytes of bytecode), so it is
     * compiled on its own, as {@code ResourceHolder.render} was in the soak.
     */
    static final class Unprepared {
        static float step(float[] x, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("unprepared: n must be >= 0, found " + n);
            }
            float s = 0;
            for (int i = 0; i < n; i++) {
                s += x[(i + 0) & 63] * 0.5000f;
                s += x[(i + 1) & 63] * 0.5156f;
                s += x[(i + 2) & 63] * 0.5312f;
                s += x[(i + 3) & 63] * 0.5469f;
                s += x[(i + 4) & 63] * 0.5625f;
                s += x[(i + 5) & 63] * 0.5781f;
                s += x[(i + 6) & 63] * 0.5938f;
                s += x[(i + 7) & 63] * 0.6094f;
                s += x[(i + 8) & 63] * 0.6250f;
                s += x[(i + 9) & 63] * 0.6406f;
                s += x[(i + 10) & 63] * 0.6562f;
                s += x[(i + 11) & 63] * 0.6719f;
                s += x[(i + 12) & 63] * 0.6875f;
                s += x[(i + 13) & 63] * 0.7031f;
                s += x[(i + 14) & 63] * 0.7188f;
                s += x[(i + 15) & 63] * 0.7344f;
                s += x[(i + 16) & 63] * 0.7500f;
                s += x[(i + 17) & 63] * 0.7656f;
                s += x[(i + 18) & 63] * 0.7812f;
                s += x[(i + 19) & 63] * 0.7969f;
                s += x[(i + 20) & 63] * 0.8125f;
                s += x[(i + 21) & 63] * 0.8281f;
                s += x[(i + 22) & 63] * 0.8438f;
                s += x[(i + 23) & 63] * 0.8594f;
            }
            return s;
        }
    }

    /** The same with its own message, interned by the test first (a copy on purpose: one class each). */
    static final class Prepared {
        static float step(float[] x, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("prepared: n must be >= 0, found " + n);
            }
            float s = 0;
            for (int i = 0; i < n; i++) {
                s += x[(i + 0) & 63] * 0.5000f;
                s += x[(i + 1) & 63] * 0.5156f;
                s += x[(i + 2) & 63] * 0.5312f;
                s += x[(i + 3) & 63] * 0.5469f;
                s += x[(i + 4) & 63] * 0.5625f;
                s += x[(i + 5) & 63] * 0.5781f;
                s += x[(i + 6) & 63] * 0.5938f;
                s += x[(i + 7) & 63] * 0.6094f;
                s += x[(i + 8) & 63] * 0.6250f;
                s += x[(i + 9) & 63] * 0.6406f;
                s += x[(i + 10) & 63] * 0.6562f;
                s += x[(i + 11) & 63] * 0.6719f;
                s += x[(i + 12) & 63] * 0.6875f;
                s += x[(i + 13) & 63] * 0.7031f;
                s += x[(i + 14) & 63] * 0.7188f;
                s += x[(i + 15) & 63] * 0.7344f;
                s += x[(i + 16) & 63] * 0.7500f;
                s += x[(i + 17) & 63] * 0.7656f;
                s += x[(i + 18) & 63] * 0.7812f;
                s += x[(i + 19) & 63] * 0.7969f;
                s += x[(i + 20) & 63] * 0.8125f;
                s += x[(i + 21) & 63] * 0.8281f;
                s += x[(i + 22) & 63] * 0.8438f;
                s += x[(i + 23) & 63] * 0.8594f;
            }
            return s;
        }
    }
}
