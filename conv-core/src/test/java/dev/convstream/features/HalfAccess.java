package dev.convstream.features;

/** Test access to the package-private half-float conversion. */
final class HalfAccess {
    private HalfAccess() {
    }

    static float halfToFloat(short bits) {
        return dev.convstream.features.io.SafeTensorsTestAccess.halfToFloat(bits);
    }
}
