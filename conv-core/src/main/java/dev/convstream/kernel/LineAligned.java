package dev.convstream.kernel;

/**
 * Float arrays whose element {@link #ORIGIN} sits on a 64-byte cache line, so that 16-float
 * vectors loaded at multiples of {@link #LINE} from there touch one line instead of two (Intel
 * cores split such a load in two and issue about one split load per cycle: a streaming conv tile
 * that loads every input vector from a split line runs ~7-8% slower, BENCHMARKS.md).
 *
 * <p>Java offers no way to ask an array's address, so this rests on the JVM's layout
 * (docs/winograd.md has the measurements): G1 allocates an array of at least half
 * a region (2 MB regions with the default heap on a 23 GB machine) as a humongous object, at a
 * region boundary, and never moves it; HotSpot's array header is 16 bytes (JDK 17 and 25
 * defaults), so element 12 is 64 bytes from the region start. Arrays are therefore asked for at
 * least {@link #MIN_FLOATS} (4 MB), humongous for regions up to 8 MB. Where the assumption fails
 * (another GC, compact object headers, larger regions) lines split as before: only the speed
 * changes, never a value. The price is memory: at least 4 MB per array, so callers share one
 * array among all the rows of a layer or model.
 *
 * <p>Its users: {@code StreamingConv1d}'s history rows, a WaveNet model's histories and sums,
 * {@code WinogradConv}'s V and M, and {@code VectorGemm}'s packed B (its "wide" buffer).
 */
public final class LineAligned {

    /** Floats per 64-byte line. */
    public static final int LINE = 16;
    /** The element on a line boundary when the array is humongous (16-byte header + 48 bytes). */
    public static final int ORIGIN = 12;
    /** 4 MB: humongous in G1 for regions of up to 8 MB. */
    public static final int MIN_FLOATS = 1 << 20;

    private LineAligned() {
    }

    /** {@code n} rounded up to a whole number of lines. */
    public static long roundUp(long n) {
        return (n + LINE - 1) / LINE * LINE;
    }

    /**
     * A zeroed array with room for {@code floats} elements from {@link #ORIGIN}: at least
     * {@link #MIN_FLOATS} long. Not real-time safe (it allocates).
     */
    public static float[] allocate(long floats) {
        long length = Math.max(MIN_FLOATS, ORIGIN + floats);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(floats + " floats do not fit one array");
        }
        return new float[(int) length];
    }
}
