package dev.convstream.beam;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * One Parquet shard: Apache Parquet's Avro writer ({@link AvroParquetWriter}) over the channel
 * that Beam's {@code FileIO.write()} opens (a temporary file it renames into place when the
 * bundle commits). Beam's own {@code ParquetIO.sink} does the same but is not served at 2.70.0
 * from Maven Central; this class is only the channel adapter, Parquet does the encoding.
 */
final class ParquetSink implements FileIO.Sink<ClipRow> {
    private final String schemaJson;
    private transient Schema schema;
    private transient ParquetWriter<GenericRecord> writer;

    ParquetSink(String schemaJson) {
        this.schemaJson = schemaJson;
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
        schema = new Schema.Parser().parse(schemaJson);
        writer = AvroParquetWriter.<GenericRecord>builder(new ChannelFile(Channels.newOutputStream(channel)))
                .withSchema(schema)
                .withConf(new PlainParquetConfiguration())
                .build();
    }

    @Override
    public void write(ClipRow row) throws IOException {
        GenericRecord r = new GenericData.Record(schema);
        r.put("input", row.input());
        r.put("frames", row.frames());
        r.put("bins", row.bins());
        r.put("sample_rate_hz", row.sampleRateHz());
        r.put("settings_sha256", row.settingsHash());
        r.put("source_sha256", row.sourceSha256());
        List<Float> values = new ArrayList<>(row.features().length);
        for (float v : row.features()) {
            values.add(v);
        }
        r.put("features", values);
        writer.write(r);
    }

    @Override
    public void flush() throws IOException {
        writer.close(); // writes the footer; Beam closes the channel afterwards
    }

    /** A Parquet output over a stream that only appends, counting its position. */
    private record ChannelFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush(); // the channel is Beam's to close
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
