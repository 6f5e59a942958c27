package dev.convstream.features.io;

/** Exposes package-private helpers of this package to tests elsewhere. */
public final class SafeTensorsTestAccess {
    private SafeTensorsTestAccess() {
    }

    public static float halfToFloat(short bits) {
        return SafeTensors.halfToFloat(bits);
    }
}
