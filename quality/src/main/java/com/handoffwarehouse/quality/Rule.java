package com.handoffwarehouse.quality;

import com.amazon.deequ.checks.Check;
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
     * Deequ constraints added to a fresh {@link Check} carrying the rule's name and level; all of a suite's
     * constraints are computed in one Deequ run. {@code expected} is the metric value the constraints want,
     * as the failure message states it.
     */
    record Constraint(String name, Level level, UnaryOperator<Check> constraints, String expected)
            implements Rule {
    }

    /** Measured by Spark directly, for what Deequ cannot express (schemas, comparisons across rows). */
    record Computed(String name, Level level, String constraint, Function<Dataset<Row>, Measurement> measure)
            implements Rule {
    }

    /**
     * The table's row count against the previous snapshot's, through Deequ's metrics repository. {@code accepted}:
     * an operator accepted this date's change, so a shrink beyond the bounds is recorded but passes.
     */
    record RowCountChange(String name, Level level, MetricsHistory history, RowCountBounds bounds, boolean accepted)
            implements Rule {
    }

    /** What a computed rule observed. */
    record Measurement(boolean passed, String message, Double value) {
    }
}
