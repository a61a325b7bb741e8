package com.handoffwarehouse.jobs.sql;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;

/** The output formats of {@code warehouse sql}, each with the row cap it gets when --limit is not given. */
public enum SqlFormat {
    /** For reading: capped, because a terminal is no place for a million rows. */
    TABLE(1000) {
        @Override
        void write(StructType schema, Iterator<Row> rows, PrintWriter out) {
            TableWriter.write(schema, rows, out);
        }
    },
    /** For files and pipes: uncapped, since a silently cut export is worse than a long one. */
    CSV(0) {
        @Override
        void write(StructType schema, Iterator<Row> rows, PrintWriter out) {
            CsvWriter.write(schema, rows, out);
        }
    },
    JSON(0) {
        @Override
        void write(StructType schema, Iterator<Row> rows, PrintWriter out) {
            JsonLinesWriter.write(schema, rows, out);
        }
    };

    private final int defaultLimit;

    SqlFormat(int defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    /** 0 means no cap. */
    public int defaultLimit() {
        return defaultLimit;
    }

    abstract void write(StructType schema, Iterator<Row> rows, PrintWriter out);

    /** Accepts the names in any case ({@code --format csv}). */
    public static final class Converter implements CommandLine.ITypeConverter<SqlFormat> {
        @Override
        public SqlFormat convert(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of table, csv, json");
            }
        }
    }
}
