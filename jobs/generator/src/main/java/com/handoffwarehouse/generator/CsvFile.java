package com.handoffwarehouse.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV: a header, fields quoted when they hold a comma, quote or line break, empty for null, LF endings. */
final class CsvFile {
    private CsvFile() {
    }

    static void write(Path file, List<String> columns, List<Map<String, String>> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            line(w, columns);
            for (Map<String, String> row : rows) {
                line(w, columns.stream().map(row::get).toList());
            }
        }
    }

    private static void line(BufferedWriter w, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String v = values.get(i);
            if (v == null) {
                continue;
            }
            if (v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                    || v.indexOf('\r') >= 0 || !v.equals(v.trim())) {
                w.write('"');
                w.write(v.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(v);
            }
        }
        w.write('\n');
    }
}
