package dev.convstream.plugin;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The string literals of a set of classes, interned on the calling thread and held for as long
 * as this object lives, so that the JIT never creates them on the audio thread.
 *
 * <p>Why: when a thread's call counters first ask HotSpot's optimising compiler (C2) for a method,
 * that thread resolves every string constant of the method's class before queueing the compile
 * ({@code CompileBroker::compile_method} calls {@code ConstantPool::resolve_string_constants}, JDK
 * 17 to 25). A literal no code has run yet (an error message, the recipe of a string
 * concatenation on an error path) is then created there: a {@code String} and its {@code byte[]},
 * 50 to 130 bytes, allocated by whatever thread crossed the threshold. For a method called once a
 * block ({@code PluginChain.process}, a plugin's {@code process}, {@code ResourceHolder.render})
 * the threshold (thousands of calls) is crossed minutes into a stream, on the audio thread, long
 * after any warm-up: the chain soak saw 3 to 5 such calls an hour. Resolving a literal that is
 * already interned and alive is a look-up in the string table and allocates nothing; this class
 * interns every literal of the classes beforehand and keeps them alive.
 *
 * <p>Which classes: every class file under the top-level package (the first two names, e.g.
 * {@code dev/convstream/}) of each anchor class, on the anchor's class loader (every jar or folder
 * of the class path that holds such a package, so a plugin's helpers in other modules count too).
 * A few thousand literals, read in well under a second. JDK classes are not covered: the ones on
 * the audio path are inner-loop code the warm-up compiles.
 */
public final class InternedLiterals {

    private static final int CLASS_MAGIC = 0xCAFEBABE;

    private final List<String> literals;
    private final int classes;

    private InternedLiterals(List<String> literals, int classes) {
        this.literals = literals;
        this.classes = classes;
    }

    /**
     * Interns the string literals of every class under the top-level packages of {@code anchors}.
     * [main-thread, before audio]
     *
     * @throws IllegalArgumentException when {@code anchors} is null, holds null, or a class in the
     *                                  default package
     * @throws UncheckedIOException     when a class file or jar cannot be read
     */
    public static InternedLiterals of(Collection<Class<?>> anchors) {
        if (anchors == null || anchors.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("anchor classes must not be null");
        }
        Set<URL> roots = new LinkedHashSet<>();
        for (Class<?> anchor : anchors) {
            roots.addAll(packageRoots(anchor));
        }
        Set<String> found = new LinkedHashSet<>();
        int classes = 0;
        for (URL root : roots) {
            classes += readRoot(root, found);
        }
        return intern(found, classes);
    }

    /**
     * Interns the string literals of exactly {@code classes} (JDK classes too: class files are
     * readable as resources from every module), e.g. the classes of a meter that runs around
     * the audio path. [main-thread, before audio]
     *
     * @throws IllegalArgumentException when {@code classes} is null or holds null
     * @throws UncheckedIOException     when a class file cannot be found or read
     */
    public static InternedLiterals ofClasses(Collection<Class<?>> classes) {
        if (classes == null || classes.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("classes must not be null");
        }
        Set<String> found = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = c.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IOException("class file " + file + " not found");
                }
                found.addAll(literalsOf(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the string literals of " + c.getName(), e);
            }
        }
        return intern(found, classes.size());
    }

    /** The literals of both. [thread-safe] */
    public InternedLiterals and(InternedLiterals other) {
        Set<String> all = new LinkedHashSet<>(literals);
        all.addAll(other.literals);
        return new InternedLiterals(List.copyOf(all), classes + other.classes);
    }

    private static InternedLiterals intern(Set<String> found, int classes) {
        List<String> interned = new ArrayList<>(found.size());
        for (String s : found) {
            interned.add(s.intern());
        }
        return new InternedLiterals(List.copyOf(interned), classes);
    }

    /** The string literals of one class file, in constant-pool order (for tests). [thread-safe] */
    static List<String> literalsOf(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(classFile));
        if (in.readInt() != CLASS_MAGIC) {
            throw new IOException("not a class file (bad magic number)");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] stringRefs = new int[count];
        int strings = 0;
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // modified UTF-8 with a u2 length, as readUTF reads it
                case 8 -> stringRefs[strings++] = in.readUnsignedShort();
                case 7, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // an 8-byte constant takes two slots
                }
                default -> throw new IOException("unknown constant-pool tag " + tag + " at index " + i);
            }
        }
        List<String> out = new ArrayList<>(strings);
        for (int k = 0; k < strings; k++) {
            int ref = stringRefs[k];
            if (ref <= 0 || ref >= count || utf8[ref] == null) {
                throw new IOException("string constant points at " + ref + ", not a UTF-8 entry");
            }
            out.add(utf8[ref]);
        }
        return out;
    }

    /** Distinct literals held. [thread-safe] */
    public int size() {
        return literals.size();
    }

    /** Class files read. [thread-safe] */
    public int classes() {
        return classes;
    }

    /** Whether {@code literal} is one of the held literals. [thread-safe] */
    public boolean holds(String literal) {
        return literals.contains(literal);
    }

    private static List<URL> packageRoots(Class<?> anchor) {
        String name = anchor.getName();
        int first = name.indexOf('.');
        int second = first < 0 ? -1 : name.indexOf('.', first + 1);
        if (first < 0) {
            throw new IllegalArgumentException("anchor class " + name + " is in the default package");
        }
        String top = (second < 0 ? name.substring(0, first) : name.substring(0, second)).replace('.', '/') + "/";
        ClassLoader loader = anchor.getClassLoader() != null ? anchor.getClassLoader() : ClassLoader.getSystemClassLoader();
        List<URL> out = new ArrayList<>();
        try {
            for (Enumeration<URL> e = loader.getResources(top); e.hasMoreElements(); ) {
                out.add(e.nextElement());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot list the class path entries of package " + top, ex);
        }
        return out;
    }

    /** Adds the literals of every class file under {@code root} (a folder or a jar entry); returns the class count. */
    private static int readRoot(URL root, Set<String> found) {
        try {
            switch (root.getProtocol()) {
                case "file" -> {
                    Path dir = Path.of(root.toURI());
                    List<Path> files;
                    try (Stream<Path> walk = Files.walk(dir)) {
                        files = walk.filter(p -> p.toString().endsWith(".class")).toList();
                    }
                    for (Path f : files) {
                        try (InputStream in = Files.newInputStream(f)) {
                            found.addAll(literalsOf(in));
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot read the string literals of " + f, e);
                        }
                    }
                    return files.size();
                }
                case "jar" -> {
                    JarURLConnection c = (JarURLConnection) root.openConnection();
                    c.setUseCaches(false);
                    String prefix = c.getEntryName() == null ? "" : c.getEntryName();
                    int n = 0;
                    try (JarFile jar = c.getJarFile()) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            JarEntry entry = e.nextElement();
                            if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class")) {
                                try (InputStream in = jar.getInputStream(entry)) {
                                    found.addAll(literalsOf(in));
                                } catch (IOException ex) {
                                    throw new UncheckedIOException("cannot read the string literals of "
                                            + entry.getName() + " in " + jar.getName(), ex);
                                }
                                n++;
                            }
                        }
                    }
                    return n;
                }
                default -> {
                    return 0; // jrt: and others: JDK or synthetic code, see the class comment
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new UncheckedIOException("cannot read class path entry " + root,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
