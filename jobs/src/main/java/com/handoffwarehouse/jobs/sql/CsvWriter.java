package com.handoffwarehouse.jobs.sql;

import java.io.PrintWriter;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * RFC 4180: a header line, CRLF line ends, a field quoted only when it holds a comma, a quote or a line
 * break, quotes doubled. Null is an empty field and the empty string a quoted {@code ""} (as PostgreSQL's
 * COPY writes them), so a reader can tell them apart.
 */
final class CsvWriter {
    private static final String CRLF = "\r\n";

    private CsvWriter() {
    }

    static void write(StructType schema, Iterator<Row> rows, PrintWriter out) {
        StructField[] fields = schema.fields();
        if (fields.length == 0) {
            return;
        }
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < fields.length; c++) {
            line.append(c == 0 ? "" : ",").append(field(fields[c].name()));
        }
        out.print(line.append(CRLF));
        while (rows.hasNext()) {
            Row row = rows.next();
            line.setLength(0);
            for (int c = 0; c < fields.length; c++) {
                line.append(c == 0 ? "" : ",");
                if (!row.isNullAt(c)) {
                    line.append(field(Cells.text(row.get(c), fields[c].dataType())));
                }
            }
            out.print(line.append(CRLF));
        }
    }

    static String field(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
