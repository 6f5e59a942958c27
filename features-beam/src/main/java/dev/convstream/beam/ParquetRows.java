package dev.convstream.beam;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes {@link ClipRow}s as sharded Parquet files ({@code features-SSSSS-of-NNNNN.parquet})
 * through Beam's {@code FileIO.write()} and Apache Parquet's Avro writer ({@link ParquetSink}),
 * one row per clip:
 * {@code input} string, {@code frames}, {@code bins}, {@code sample_rate_hz} int,
 * {@code settings_sha256}, {@code source_sha256} string, {@code features} list of float.
 */
final class ParquetRows extends PTransform<PCollection<ClipRow>, WriteFilesResult<Void>> {
    /** The row schema. */
    public static final Schema SCHEMA = SchemaBuilder.record("Clip").namespace("dev.convstream.features").fields()
            .requiredString("input").requiredInt("frames").requiredInt("bins").requiredInt("sample_rate_hz")
            .requiredString("settings_sha256").requiredString("source_sha256")
            .name("features").type().array().items().floatType().noDefault()
            .endRecord();

    private final String dir;

    ParquetRows(String dir) {
        this.dir = dir;
    }

    @Override
    public WriteFilesResult<Void> expand(PCollection<ClipRow> rows) {
        // Rows travel as ClipRows (Java-serializable) and become Avro records inside the sink.
        return rows.apply("Parquet files", FileIO.<ClipRow>write().via(new ParquetSink(SCHEMA.toString())).to(dir)
                .withPrefix("features").withSuffix(".parquet"));
    }
}
