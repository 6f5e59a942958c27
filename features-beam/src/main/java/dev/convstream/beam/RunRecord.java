package dev.convstream.beam;

/**
 * A line of the job's one record file: a manifest line or a dead letter, marked by which it is.
 * Both travel through one file sink (one set of temporary files, one finalisation) rather than
 * two; the driver splits them into {@code manifest.jsonl} and {@link DeadLetter#FILE_NAME}.
 *
 * @param deadLetter whether {@code line} is a {@link DeadLetter} line (else a manifest line)
 * @param line       the JSON line
 */
record RunRecord(boolean deadLetter, String line) {
    private static final String MANIFEST = "m ";
    private static final String DEAD_LETTER = "d ";

    /** A manifest line as a record line. */
    static String manifest(String line) {
        return MANIFEST + line;
    }

    /** A {@link DeadLetter} line as a record line. */
    static String deadLetter(String line) {
        return DEAD_LETTER + line;
    }

    /**
     * @throws IllegalArgumentException when {@code record} is neither
     */
    static RunRecord parse(String record) {
        if (record.startsWith(MANIFEST)) {
            return new RunRecord(false, record.substring(MANIFEST.length()));
        }
        if (record.startsWith(DEAD_LETTER)) {
            return new RunRecord(true, record.substring(DEAD_LETTER.length()));
        }
        throw new IllegalArgumentException("not a record line of the Beam job: " + record);
    }
}
