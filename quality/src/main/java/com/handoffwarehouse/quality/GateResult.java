package com.handoffwarehouse.quality;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Everything a gate run observed; it passed unless an ERROR rule failed. */
public record GateResult(String runId, List<CheckOutcome> outcomes) {
    public GateResult {
        outcomes = List.copyOf(outcomes);
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    /** The failed ERROR outcomes; failed warnings are recorded but do not stop the run. */
    public List<CheckOutcome> failures() {
        return outcomes.stream().filter(CheckOutcome::blocksRun).toList();
    }

    /** Each blocking failure on its own line, naming table, date, check and observed value; empty when passed. */
    public String failureMessage() {
        return failures().stream().map(CheckOutcome::describe).collect(Collectors.joining("\n"));
    }

    /** The rows to write to {@code quality_results}. */
    public Dataset<Row> toDataset(SparkSession spark) {
        return QualityResults.frame(spark, runId, outcomes);
    }

    /** Call after writing {@link #toDataset} so the failing checks are on record before the run stops. */
    public void throwIfFailed() {
        if (!passed()) {
            throw new QualityGateFailed(failureMessage());
        }
    }
}
