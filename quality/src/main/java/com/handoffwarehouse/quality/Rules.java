package com.handoffwarehouse.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lead;

import com.amazon.deequ.checks.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** Deequ's uniqueness counts a null as a non-unique value too, so a null key fails both key rules. */
    public static Rule unique(String name, Level level, String column) {
        return new Rule.Constraint(name, level, c -> c.isUnique(column, Scala.none(), Scala.none()), ALL_ROWS);
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

    /** A numerator never exceeds its denominator, on every row where both are known. */
    public static Rule atMost(String numerator, String denominator) {
        String predicate = "`%1$s` IS NULL OR `%2$s` IS NULL OR `%1$s` <= `%2$s`".formatted(numerator, denominator);
        String name = numerator + " <= " + denominator;
        return new Rule.Constraint(name, Level.ERROR, c -> c.satisfies(predicate, name, Check.IsOne(),
                Scala.none(), Scala.seq(List.of(numerator, denominator)).toList(), Scala.none()), ALL_ROWS);
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
        return new Rule.RowCountChange(name, level, history, bounds);
    }
}
