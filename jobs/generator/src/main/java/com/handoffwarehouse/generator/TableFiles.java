package com.handoffwarehouse.generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where a table's rows go: a CSV file, or a Parquet file through the sink. */
record TableFiles(SampleGenerator.Format format, SampleGenerator.TableSink parquet) {
    void write(Path folder, String baseName, List<String> columns, List<Map<String, String>> rows)
            throws IOException {
        if (format == SampleGenerator.Format.CSV) {
            CsvFile.write(folder.resolve(baseName + ".csv"), columns, rows);
        } else {
            parquet.write(folder.resolve(baseName + ".parquet"), columns, rows);
        }
    }
}
