package jdk.test.whitebox;

import java.lang.reflect.Executable;

/** Minimal WhiteBox: only the natives the repro needs (the VM registers them by name). */
public final class WhiteBox {
    private static native void registerNatives();
    static { registerNatives(); }
    private static final WhiteBox WB = new WhiteBox();
    public static WhiteBox getWhiteBox() { return WB; }
    private WhiteBox() { }
    public native int deoptimizeMethod0(Executable method, boolean isOsr);
    public native int getMethodCompilationLevel0(Executable method, boolean isOsr);
    public native boolean enqueueMethodForCompilation0(Executable method, int level, int entryBci);
    public native void clearMethodState0(Executable method);
    public native void makeMethodNotCompilable0(Executable method, int level, boolean isOsr);
}
