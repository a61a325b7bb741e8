package com.handoffwarehouse.jobs.ingest;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One object's rows as extracted: every column a string, already renamed to the contract's API names,
 * plus {@code _source_file} (the file or table it came from) and {@code _row_number} (1-based position
 * within that source, which keeps "first occurrence wins" deterministic for duplicate keys).
 *
 * @param source  the file path or table name, as error messages should name it
 * @param columns the contract-named columns the extract carries, checked before any row is read
 * @param physicalRecords the rows bronze plus quarantine must hold, counted from the file's bytes apart from the
 *                        reader (see {@link PhysicalRecords}); empty for sources that are not files (JDBC)
 */
public record RawExtract(Dataset<Row> rows, String source, List<String> columns, Optional<Long> physicalRecords) {
    public static final String SOURCE_FILE = "_source_file";
    public static final String ROW_NUMBER = "_row_number";

    public RawExtract(Dataset<Row> rows, String source, List<String> columns) {
        this(rows, source, columns, Optional.empty());
    }

    public RawExtract withPhysicalRecords(long records) {
        return new RawExtract(rows, source, columns, Optional.of(records));
    }
}
