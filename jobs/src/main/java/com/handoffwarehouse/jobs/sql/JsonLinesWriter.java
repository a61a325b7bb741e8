package com.handoffwarehouse.jobs.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * JSON lines: one object per row, keys in column order, null kept as {@code null} (not dropped, unlike
 * Spark's own JSON writer) so every line has every column.
 */
final class JsonLinesWriter {
    private JsonLinesWriter() {
    }

    static void write(StructType schema, Iterator<Row> rows, PrintWriter out) {
        StructField[] fields = schema.fields();
        if (fields.length == 0) {
            return;
        }
        boolean any = false;
        try (JsonGenerator json = Cells.JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.setRootValueSeparator(new SerializedString("\n"));
            while (rows.hasNext()) {
                Row row = rows.next();
                json.writeStartObject();
                for (int c = 0; c < fields.length; c++) {
                    json.writeFieldName(fields[c].name());
                    Cells.write(json, row.get(c), fields[c].dataType());
                }
                json.writeEndObject();
                any = true;
            }
            if (any) {
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
