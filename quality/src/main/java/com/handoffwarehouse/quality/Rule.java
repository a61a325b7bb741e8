package com.handoffwarehouse.quality;

import com.amazon.deequ.checks.Check;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One named expectation about a table. Suites are lists of rules; {@link Rules} builds the common ones. The name
 * is what quality_results and the gate's message call the check, so it is unique within a suite.
 */
public sealed interface Rule permits Rule.Constraint, Rule.Computed, Rule.RowCountChange {
    String name();

    Level level();

    /**
     * One Deequ constraint added to a fresh {@link Check} carrying the rule's name and level; all of a suite's
     * constraints are computed in one Deequ run. {@code expected} is the metric value the constraint wants, as
     * the failure message states it. {@code groupedBy}: the columns a uniqueness constraint groups the rows by
     * (empty for a constraint judged row by row); Deequ runs one pass per grouping and filter, so a suite over
     * several dates judges a grouping that includes the date once for all of them.
     */
    record Constraint(String name, Level level, UnaryOperator<Check> constraints, String expected,
                      List<String> groupedBy) implements Rule {
        public Constraint {
            groupedBy = List.copyOf(groupedBy);
        }

        public Constraint(String name, Level level, UnaryOperator<Check> constraints, String expected) {
            this(name, level, constraints, expected, List.of());
        }
    }

    /** Measured by Spark directly, for what Deequ cannot express (schemas, comparisons across rows). */
    record Computed(String name, Level level, String constraint, Function<Dataset<Row>, Measurement> measure)
            implements Rule {
    }

    /**
     * The table's row count against the previous snapshot's, through Deequ's metrics repository. {@code accepted}:
     * the dates whose change an operator accepted, so a shrink beyond the bounds is recorded but passes.
     */
    record RowCountChange(String name, Level level, MetricsHistory history, RowCountBounds bounds,
                          Set<LocalDate> accepted) implements Rule {
        public RowCountChange {
            accepted = Set.copyOf(accepted);
        }
    }

    /** What a computed rule observed. */
    record Measurement(boolean passed, String message, Double value) {
    }
}
