package com.handoffwarehouse.jobs.ingest;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One object's rows as extracted: every column a string, already renamed to the contract's API names,
 * plus {@code _source_file} (the file or table it came from) and {@code _row_number} (1-based position
 * within that source, which keeps "first occurrence wins" deterministic for duplicate keys).
 *
 * @param source  the file path or table name, as error messages should name it
 * @param columns the contract-named columns the extract carries, checked before any row is read
 */
public record RawExtract(Dataset<Row> rows, String source, List<String> columns) {
    public static final String SOURCE_FILE = "_source_file";
    public static final String ROW_NUMBER = "_row_number";
}
