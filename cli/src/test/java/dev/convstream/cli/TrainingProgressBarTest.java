package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convstream.train.TrainingProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainingProgressBarTest {
    @Test
    void lineShowsEpochStepBarLossValidationAndEta() {
        TrainingProgress p = new TrainingProgress(2, 4, 5, 10, 0.012345, 0.0456, 0.04, 30, 3725);
        // 15 of 40 steps: 37.5 %, 11 of 30 bar cells
        assertEquals("epoch 2/4 step 5/10 [###########...................]  38%  loss 0.01235"
                + "  val ESR 0.04560 (best 0.04000)  ETA 1:02:05", TrainingProgressBar.line(p));
        TrainingProgress first = new TrainingProgress(1, 4, 1, 10, 1.5, Double.NaN, Double.NaN, 1, 39);
        assertEquals("epoch 1/4 step 1/10 [..............................]   3%  loss 1.500  ETA 0:39",
                TrainingProgressBar.line(first));
    }

    @Test
    void intoAFileOnlyTheEpochLinesAreWritten() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TrainingProgressBar bar = new TrainingProgressBar(out, false, () -> 0L);
        bar.step(new TrainingProgress(1, 2, 1, 2, 0.5, Double.NaN, Double.NaN, 1, 3));
        bar.step(new TrainingProgress(1, 2, 2, 2, 0.4, Double.NaN, Double.NaN, 2, 2));
        bar.epochEnded(1, 0.25, true);
        bar.finish();
        assertEquals("epoch 1/2  validation ESR 0.25000  (best)  ETA 0:02" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndTheEpochLineEndsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long[] now = {0};
        TrainingProgressBar bar = new TrainingProgressBar(out, true, () -> now[0]);
        bar.step(new TrainingProgress(1, 1, 1, 3, 0.5, Double.NaN, Double.NaN, 1, 3));
        now[0] += 1_000_000; // 1 ms later: not redrawn
        bar.step(new TrainingProgress(1, 1, 2, 3, 0.4, Double.NaN, Double.NaN, 1, 2));
        now[0] += 1_000_000; // the epoch's last step is always drawn
        bar.step(new TrainingProgress(1, 1, 3, 3, 0.3, Double.NaN, Double.NaN, 1, 0));
        bar.epochEnded(1, 0.2, true);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.split("\r", -1).length - 1, text);
        assertEquals(true, text.endsWith(System.lineSeparator() + "epoch 1/1  validation ESR 0.20000  (best)  ETA 0:00"
                + System.lineSeparator()), text);
    }
}
