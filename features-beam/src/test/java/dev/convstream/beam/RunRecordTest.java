package dev.convstream.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunRecordTest {

    @Test
    void aManifestLineAndADeadLetterComeBackAsTheyWent() {
        String manifest = "{\"input\":\"/in/m d.wav\",\"status\":\"ok\"}";
        String dead = DeadLetter.line("/in/d m.wav", "m because d");
        assertEquals(new RunRecord(false, manifest), RunRecord.parse(RunRecord.manifest(manifest)));
        assertEquals(new RunRecord(true, dead), RunRecord.parse(RunRecord.deadLetter(dead)));
    }

    @Test
    void aLineOfNeitherKindIsRefusedAndNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunRecord.parse("{\"input\":\"/in/a.wav\"}"));
        assertTrue(e.getMessage().contains("/in/a.wav"), e.getMessage());
    }
}
