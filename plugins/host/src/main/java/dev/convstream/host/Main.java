package dev.convstream.host;

/** {@code java -cp ... dev.convstream.host.Main plugins|devices|process|live ...}; see {@link HostCommands#run}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = HostCommands.create(HostInjector.create(), System.out, System.err).run(args);
        System.exit(code);
    }
}
