package com.handoffwarehouse.jobs.sql;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Aligned columns for reading in a terminal, laid out like psql: centred headers, numbers right-aligned,
 * a row count at the end. Null prints as {@code NULL} so it cannot be mistaken for an empty string, and line
 * breaks and tabs inside a value print as {@code \n} and {@code \t} so every row stays on one line.
 */
final class TableWriter {
    static final String NULL = "NULL";

    private TableWriter() {
    }

    static void write(StructType schema, Iterator<Row> rows, PrintWriter out) {
        StructField[] fields = schema.fields();
        if (fields.length == 0) {
            // A statement such as CREATE VIEW returns no columns: there is no table to draw.
            out.println("OK");
            return;
        }
        List<String[]> cells = new ArrayList<>();
        int[] widths = new int[fields.length];
        for (int c = 0; c < fields.length; c++) {
            widths[c] = fields[c].name().length();
        }
        while (rows.hasNext()) {
            Row row = rows.next();
            String[] line = new String[fields.length];
            for (int c = 0; c < fields.length; c++) {
                line[c] = row.isNullAt(c) ? NULL : oneLine(Cells.text(row.get(c), fields[c].dataType()));
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < fields.length; c++) {
            String name = fields[c].name();
            int left = (widths[c] - name.length()) / 2;
            header.append(c == 0 ? " " : " | ").append(" ".repeat(left)).append(name)
                    .append(" ".repeat(widths[c] - name.length() - left));
            rule.append(c == 0 ? "-" : "-+-").append("-".repeat(widths[c]));
        }
        out.println(stripEnd(header));
        out.println(rule.append('-'));
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < fields.length; c++) {
                String pad = " ".repeat(widths[c] - line[c].length());
                boolean right = Cells.isNumeric(fields[c].dataType());
                text.append(c == 0 ? " " : " | ").append(right ? pad + line[c] : line[c] + pad);
            }
            out.println(stripEnd(text));
        }
        out.println("(" + cells.size() + (cells.size() == 1 ? " row)" : " rows)"));
    }

    private static String oneLine(String value) {
        return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n").replace("\t", "\\t");
    }

    private static String stripEnd(StringBuilder line) {
        return line.toString().stripTrailing();
    }
}
