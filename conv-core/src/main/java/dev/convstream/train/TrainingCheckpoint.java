package dev.convstream.train;

import dev.convstream.io.AtomicFiles;
import dev.convstream.io.InputFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything a {@link Trainer} needs to go on after the last completed epoch exactly as if it
 * had never stopped: the parameters, Adam's state, the best epoch so far and each epoch's
 * validation ESR. The order of segments needs no saved state: each epoch's order is drawn
 * from the seed and the epoch's index.
 *
 * @param fingerprint what the run is (data, initial parameters, everything in the config but the
 *                    number of epochs): a checkpoint of another run is refused
 */
public record TrainingCheckpoint(long fingerprint, int epochsDone, float[] parameters, float[] adamFirstMoment,
        float[] adamSecondMoment, long adamSteps, float[] bestParameters, int bestEpoch, double bestValidationEsr,
        double[] validationEsr) {

    private static final long MAGIC = 0x4353_5452_4149_4e31L; // "CSTRAIN1"

    /** Writes this checkpoint to {@code path} atomically (a reader sees the old one or this one). */
    public void write(Path path) throws IOException {
        AtomicFiles.write(path, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeLong(MAGIC);
            out.writeLong(fingerprint);
            out.writeInt(epochsDone);
            writeFloats(out, parameters);
            writeFloats(out, adamFirstMoment);
            writeFloats(out, adamSecondMoment);
            out.writeLong(adamSteps);
            writeFloats(out, bestParameters);
            out.writeInt(bestEpoch);
            out.writeDouble(bestValidationEsr);
            out.writeInt(validationEsr.length);
            for (double e : validationEsr) {
                out.writeDouble(e);
            }
            out.flush();
        });
    }

    /** Reads a checkpoint written by {@link #write}; a file of another kind fails naming it. */
    public static TrainingCheckpoint read(Path path, int parameterCount) throws IOException {
        InputFiles.requireRegularFile(path, "training checkpoint");
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(path + ": not a convstream training checkpoint");
            }
            long fingerprint = in.readLong();
            int epochsDone = in.readInt();
            float[] parameters = readFloats(in, parameterCount, path);
            float[] m = readFloats(in, parameterCount, path);
            float[] v = readFloats(in, parameterCount, path);
            long steps = in.readLong();
            float[] best = readFloats(in, parameterCount, path);
            int bestEpoch = in.readInt();
            double bestEsr = in.readDouble();
            int epochs = in.readInt();
            if (epochs != epochsDone || epochsDone < 0) {
                throw new IOException(path + ": damaged training checkpoint (" + epochs + " ESRs for "
                        + epochsDone + " epochs)");
            }
            double[] esr = new double[epochs];
            for (int i = 0; i < epochs; i++) {
                esr[i] = in.readDouble();
            }
            return new TrainingCheckpoint(fingerprint, epochsDone, parameters, m, v, steps, best, bestEpoch, bestEsr,
                    esr);
        } catch (EOFException e) {
            throw new IOException(path + ": training checkpoint ends early (damaged)", e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float f : values) {
            out.writeFloat(f);
        }
    }

    private static float[] readFloats(DataInputStream in, int expected, Path path) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IOException(path + ": training checkpoint holds " + n + " parameters, the model has "
                    + expected + " (a checkpoint of another architecture)");
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
