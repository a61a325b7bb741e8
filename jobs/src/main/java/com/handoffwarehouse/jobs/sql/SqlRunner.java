package com.handoffwarehouse.jobs.sql;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;
import org.apache.spark.sql.catalyst.parser.ParseException;

/**
 * Runs one statement and prints its result: the engine of {@code warehouse sql}, apart from the command so
 * it runs on any session (tests use the shared one).
 */
public final class SqlRunner {
    private final SparkSession spark;
    private final PrintWriter out;
    private final PrintWriter err;

    public SqlRunner(SparkSession spark, PrintWriter out, PrintWriter err) {
        this.spark = spark;
        this.out = out;
        this.err = err;
    }

    /**
     * Prints at most {@code limit} rows (0: all).
     *
     * @throws SqlException when the statement fails for a reason its author can fix (unknown table, syntax,
     *                      a runtime error Spark names)
     */
    public void run(String statement, SqlFormat format, int limit) {
        try {
            Dataset<Row> result = spark.sql(statement);
            Iterator<Row> rows;
            boolean truncated;
            if (limit > 0) {
                // One row past the cap tells whether anything was cut without counting the whole result.
                List<Row> head = result.limit(limit + 1).collectAsList();
                truncated = head.size() > limit;
                rows = head.subList(0, Math.min(limit, head.size())).iterator();
            } else {
                rows = result.toLocalIterator();
                truncated = false;
            }
            format.write(result.schema(), rows, out);
            out.flush();
            if (truncated) {
                String note = "(output cut at " + limit + " rows by --limit; raise it, or --limit 0 for all)";
                (format == SqlFormat.TABLE ? out : err).println(note);
            }
        } catch (Exception e) {
            throw failure(e);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private RuntimeException failure(Exception error) {
        if (error instanceof ParseException parse) {
            // Its full message points at the offending spot in the statement.
            return new SqlException(parse.getMessage());
        }
        if (error instanceof AnalysisException analysis) {
            String message = analysis.getSimpleMessage();
            if ("TABLE_OR_VIEW_NOT_FOUND".equals(analysis.getErrorClass())) {
                message += "\n" + tables();
            }
            return new SqlException(message);
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SparkThrowable named && named.getErrorClass() != null
                    && !named.isInternalError()) {
                return new SqlException(cause.getMessage());
            }
        }
        return error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
    }

    private String tables() {
        String database = spark.catalog().currentDatabase();
        List<String> names = spark.catalog().listTables().collectAsList().stream()
                .map(Table::name).sorted().collect(Collectors.toList());
        if (names.isEmpty()) {
            return "No tables are registered in `" + database + "` yet: ingest and build the warehouse first.";
        }
        return "Tables in `" + database + "`: " + String.join(", ", names);
    }
}
