package dev.convstream.host;

import dev.convstream.check.Failures;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the plugins a class loader offers: every {@link PluginProvider} listed in a
 * {@code META-INF/services/dev.convstream.plugin.PluginProvider} file, loaded with
 * {@link ServiceLoader}. A provider that cannot be loaded or throws, and a plugin whose id is
 * already registered, is skipped and reported with its jar ({@link PluginProblem}); the others
 * are found all the same, so one broken jar never takes the host down.
 */
public final class PluginDiscovery {

    /** The services file a plugin jar lists its provider in. */
    public static final String SERVICES_FILE = "META-INF/services/" + PluginProvider.class.getName();

    /** What was found. */
    public record Result(Map<String, AudioPluginFactory> factories, List<PluginProblem> problems) {
        public Result {
            factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
            problems = List.copyOf(problems);
        }
    }

    private static final Pattern PROVIDER_IN_MESSAGE = Pattern.compile("Provider (\\S+)");

    private PluginDiscovery() {
    }

    /** Every plugin {@code loader} offers, and the ones it skipped. [main-thread] */
    public static Result discover(ClassLoader loader) {
        Map<String, String> sourceOfClass = listedProviders(loader);
        Map<String, AudioPluginFactory> factories = new LinkedHashMap<>();
        Map<String, String> sourceOfId = new HashMap<>();
        List<PluginProblem> problems = new ArrayList<>();
        Iterator<PluginProvider> it = ServiceLoader.load(PluginProvider.class, loader).iterator();
        // The iterator moves past a failed entry; the bound guards against one that would not.
        int failuresLeft = sourceOfClass.size() + 1;
        while (true) {
            PluginProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add(new PluginProblem(sourceOf(e, sourceOfClass, loader), describe(e)));
                if (--failuresLeft < 0) {
                    break;
                }
                continue;
            }
            String source = sourceOf(provider.getClass());
            List<AudioPluginFactory> offered;
            try {
                offered = List.copyOf(provider.factories());
            } catch (RuntimeException | LinkageError e) {
                problems.add(new PluginProblem(source, provider.getClass().getName() + ".factories() failed: "
                        + Failures.describe(e)));
                continue;
            }
            for (AudioPluginFactory f : offered) {
                String id;
                try {
                    id = f.id();
                } catch (RuntimeException | LinkageError e) {
                    problems.add(new PluginProblem(source, provider.getClass().getName()
                            + ": a factory has no usable descriptor: " + Failures.describe(e)));
                    continue;
                }
                String taken = sourceOfId.putIfAbsent(id, source);
                if (taken != null) {
                    problems.add(new PluginProblem(source, "plugin id '" + id + "' of "
                            + provider.getClass().getName() + " is already provided by " + taken));
                    continue;
                }
                factories.put(id, f);
            }
        }
        return new Result(factories, problems);
    }

    /**
     * The ServiceLoader's "Provider x.Y not found" / "could not be instantiated" in plain words,
     * with the root cause's message (never its class name).
     */
    private static String describe(ServiceConfigurationError e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = PROVIDER_IN_MESSAGE.matcher(message);
        String provider = m.find() ? m.group(1) : null;
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (provider != null && message.endsWith(" not found")) {
            return "its services file names " + provider + ", a class not found in the jar or on the class path";
        }
        if (provider != null && cause != null) {
            return provider + " could not be created: " + Failures.describe(cause);
        }
        String prefix = PluginProvider.class.getName() + ": ";
        String plain = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return cause == null ? plain : plain + ": " + Failures.describe(cause);
    }

    private static String sourceOf(ServiceConfigurationError e, Map<String, String> sourceOfClass, ClassLoader loader) {
        Matcher m = PROVIDER_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
        if (!m.find()) {
            return "an unknown jar";
        }
        String className = m.group(1);
        try {
            return sourceOf(Class.forName(className, false, loader));
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            return sourceOfClass.getOrDefault(className, "an unknown jar");
        }
    }

    /** The jar (or class folder) a class was loaded from. */
    static String sourceOf(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return "the class path";
        }
        return location(cs.getLocation());
    }

    /** Provider class name -> the jar whose services file lists it. */
    private static Map<String, String> listedProviders(ClassLoader loader) {
        Map<String, String> found = new HashMap<>();
        try {
            Enumeration<URL> files = loader.getResources(SERVICES_FILE);
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                String source = servicesFileSource(file);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        String name = line.replaceFirst("#.*", "").strip();
                        if (!name.isEmpty()) {
                            found.putIfAbsent(name, source);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // Only used to name the jar of a broken entry; ServiceLoader reports the entry itself.
        }
        return found;
    }

    private static String servicesFileSource(URL file) {
        try {
            if ("jar".equals(file.getProtocol())) {
                return location(((JarURLConnection) file.openConnection()).getJarFileURL());
            }
        } catch (IOException | ClassCastException e) {
            return file.toString();
        }
        String s = file.toString();
        return s.endsWith(SERVICES_FILE) ? s.substring(0, s.length() - SERVICES_FILE.length()) : s;
    }

    private static String location(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return url.toString();
        }
    }
}
