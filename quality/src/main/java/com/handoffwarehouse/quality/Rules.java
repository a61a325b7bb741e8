package com.handoffwarehouse.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;

import com.amazon.deequ.checks.Check;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rules suites are written with. Deequ's optional arguments are passed explicitly here (Java cannot use
 * Scala defaults), so a suite never touches Scala. Null values pass the value rules: a blank field is the
 * completeness rules' business, and a right-censored rate is null on purpose.
 */
public final class Rules {
    private static final String ALL_ROWS = "1.0";

    private Rules() {
    }

    public static Rule complete(String name, Level level, String column) {
        return new Rule.Constraint(name, level, c -> c.isComplete(column, Scala.none(), Scala.none()), ALL_ROWS);
    }

    /**
     * The column, or the combination of columns, identifies a row. Deequ's uniqueness counts a null as a
     * non-unique value too, so a null key fails both key rules.
     */
    public static Rule unique(String name, Level level, String column, String... more) {
        if (more.length == 0) {
            return new Rule.Constraint(name, level, c -> c.isUnique(column, Scala.none(), Scala.none()), ALL_ROWS,
                    List.of(column));
        }
        List<String> columns = new ArrayList<>(List.of(column));
        columns.addAll(List.of(more));
        return new Rule.Constraint(name, level, c -> c.areUnique(Scala.seq(columns), Scala.none(), Scala.none()),
                ALL_ROWS, columns);
    }

    /**
     * {@code key} identifies a row within each value of {@code partition} (a snapshot's records, say). Rows with a
     * null key are left out: the partition column is never null, so Deequ would count them as a group of their
     * own, and a null key is the completeness rule's business.
     */
    public static Rule uniqueWithin(String name, Level level, String key, String partition) {
        List<String> columns = List.of(key, partition);
        return new Rule.Constraint(name, level, c -> c.areUnique(Scala.seq(columns), Scala.none(), Scala.none())
                .where("`" + key + "` IS NOT NULL"), ALL_ROWS, columns);
    }

    public static Rule nonNegative(String name, Level level, String column) {
        return new Rule.Constraint(name, level, c -> c.isNonNegative(column, Check.IsOne(), Scala.none()), ALL_ROWS);
    }

    public static Rule between(String name, Level level, String column, double min, double max) {
        return new Rule.Constraint(name, level,
                c -> c.isContainedIn(column, min, max, true, true, Scala.none(), Scala.none()), ALL_ROWS);
    }

    /** Every rate of a mart lies in [0, 1]. */
    public static Rule rate(String column) {
        return between(column + " in [0,1]", Level.ERROR, column, 0.0, 1.0);
    }

    /** Every value of the column is one of {@code allowed}. */
    public static Rule oneOf(String name, Level level, String column, List<String> allowed) {
        String[] values = allowed.toArray(String[]::new);
        return new Rule.Constraint(name, level,
                c -> c.isContainedIn(column, values, Check.IsOne(), Scala.none(), Scala.none()), ALL_ROWS);
    }

    /**
     * Every row satisfies the SQL predicate over {@code columns}; a row where it is null does not. The failure
     * message quotes the rule's name as what the share of rows was measured for, so name it after the predicate.
     */
    public static Rule satisfies(String name, Level level, String predicate, String... columns) {
        return new Rule.Constraint(name, level, c -> c.satisfies(predicate, name, Check.IsOne(), Scala.none(),
                Scala.seq(List.of(columns)).toList(), Scala.none()), ALL_ROWS);
    }

    /** A numerator never exceeds its denominator, on every row where both are known. */
    public static Rule atMost(String numerator, String denominator) {
        String predicate = "`%1$s` IS NULL OR `%2$s` IS NULL OR `%1$s` <= `%2$s`".formatted(numerator, denominator);
        return satisfies(numerator + " <= " + denominator, Level.ERROR, predicate, numerator, denominator);
    }

    /**
     * No key has more than one row where the SQL {@code condition} holds (one current SCD2 version per key, say).
     * The observed value is the number of keys that have more.
     */
    public static Rule atMostOnePerKey(String name, Level level, String key, String condition) {
        String constraint = "at most one row per " + key + " where " + condition;
        return new Rule.Computed(name, level, constraint, data -> {
            long keys = data.where(expr(condition)).groupBy(key).count().where(col("count").gt(1)).count();
            String message = keys == 0 ? "no " + key + " has more than one row where " + condition
                    : keys + " " + key + " values have more than one row where " + condition;
            return new Rule.Measurement(keys == 0, message, (double) keys);
        });
    }

    /**
     * Counts the rows that carry a flag (a non-null value) in {@code column}; it passes only when none does. For
     * contradictions that are kept and counted rather than fixed: give it level WARNING, and the count lands in
     * quality_results without stopping the run. The message breaks the count down by flag.
     */
    public static Rule noneFlagged(String name, Level level, String column) {
        String constraint = column + " is null on every row";
        return new Rule.Computed(name, level, constraint, data -> {
            List<Row> byFlag = data.where(col(column).isNotNull()).groupBy(col(column).cast("string"))
                    .agg(count(lit(1))).orderBy(col(column).cast("string")).collectAsList();
            long flagged = byFlag.stream().mapToLong(r -> r.getLong(1)).sum();
            String message = flagged == 0 ? "no row has a " + column
                    : flagged + " rows have a " + column + ": " + byFlag.stream()
                    .map(r -> r.getString(0) + " " + r.getLong(1)).collect(Collectors.joining(", "));
            return new Rule.Measurement(flagged == 0, message, (double) flagged);
        });
    }

    /**
     * A total of the suite's table equals a total of another table, such as a mart's summed counts against the
     * rows of the fact it was built from. {@code total} and {@code otherTotal} are aggregate columns
     * ({@code sum("handoffs")}, {@code count(lit(1))}); a sum over no rows counts as 0. The observed value is
     * the difference, this table's total minus the other's.
     */
    public static Rule reconciles(String name, Level level, Column total, String otherTable, Dataset<Row> other,
                                  Column otherTotal) {
        String constraint = total + " = " + otherTotal + " of " + otherTable;
        return new Rule.Computed(name, level, constraint, data -> {
            BigDecimal mine = aggregate(data, total);
            BigDecimal theirs = aggregate(other, otherTotal);
            boolean equal = mine.compareTo(theirs) == 0;
            String message = total + " is " + mine.toPlainString() + (equal ? ", as " : " but ") + otherTotal
                    + " of " + otherTable + " is " + theirs.toPlainString();
            return new Rule.Measurement(equal, message, mine.subtract(theirs).doubleValue());
        });
    }

    private static BigDecimal aggregate(Dataset<Row> data, Column total) {
        Row row = data.agg(total).head();
        return row.isNullAt(0) ? BigDecimal.ZERO : new BigDecimal(row.get(0).toString());
    }

    /**
     * Each column is present with exactly its Spark type; nullability is not compared. The observed value is
     * the number of columns missing or typed otherwise.
     */
    public static Rule typedColumns(String name, Level level, Map<String, DataType> columns) {
        String constraint = columns.size() + " required columns present and typed";
        return new Rule.Computed(name, level, constraint, data -> {
            StructType schema = data.schema();
            List<String> problems = new ArrayList<>();
            columns.forEach((column, type) -> {
                StructField field = schema.getFieldIndex(column).isDefined() ? schema.apply(column) : null;
                if (field == null) {
                    problems.add(column + " missing");
                } else if (!field.dataType().equals(type)) {
                    problems.add(column + " is " + field.dataType().simpleString() + " (expected "
                            + type.simpleString() + ")");
                }
            });
            String message = problems.isEmpty() ? constraint : String.join("; ", problems);
            return new Rule.Measurement(problems.isEmpty(), message, (double) problems.size());
        });
    }

    /**
     * The half-open intervals [from, to) of one key never overlap; a null {@code to} is open-ended. Sorted by
     * start, any overlap shows up between neighbours, so a window lead finds them without a self-join. The
     * observed value is the number of intervals overlapping the next one of their key, and adjacent intervals
     * ([a,b) then [b,c)) pass.
     */
    public static Rule intervalsDoNotOverlap(String name, Level level, String key, String from, String to) {
        String constraint = "[" + from + ", " + to + ") do not overlap per " + key;
        return new Rule.Computed(name, level, constraint, data -> {
            long overlapping = data
                    .select(col(to), lead(col(from), 1).over(Window.partitionBy(key).orderBy(from)).as("_next_from"))
                    .where(col("_next_from").isNotNull()
                            .and(col(to).isNull().or(col("_next_from").lt(col(to)))))
                    .count();
            String message = overlapping == 0 ? "no interval overlaps the next one of its " + key
                    : overlapping + " intervals overlap the next interval of the same " + key;
            return new Rule.Measurement(overlapping == 0, message, (double) overlapping);
        });
    }

    /** Uses the metrics repository: the suite's counts are saved under its table and date. */
    public static Rule rowCountChange(String name, Level level, MetricsHistory history, RowCountBounds bounds) {
        return acceptedRowCountChange(name, level, history, bounds, Set.of());
    }

    /** {@link #rowCountChange}, where an operator accepted the changes of {@code accepted} explicitly. */
    public static Rule acceptedRowCountChange(String name, Level level, MetricsHistory history,
                                              RowCountBounds bounds, Set<LocalDate> accepted) {
        return new Rule.RowCountChange(name, level, history, bounds, accepted);
    }
}
