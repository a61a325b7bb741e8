package com.handoffwarehouse.quality;

import java.time.LocalDate;

/**
 * One row of {@code quality_results} without the run id: what one constraint of one rule observed on one
 * table and date. {@code metricValue} is the observed value when there is one (a ratio, a row count, a number
 * of offending columns or rows), null when the metric could not be computed.
 */
public record CheckOutcome(String tableName, LocalDate snapshotDate, String checkName, String constraint,
                           Level level, boolean success, String message, Double metricValue) {
    public static final String SUCCESS = "Success";
    public static final String FAILURE = "Failure";

    public String status() {
        return success ? SUCCESS : FAILURE;
    }

    /** A failed ERROR rule stops the run; a failed WARNING is only recorded. */
    public boolean blocksRun() {
        return !success && level == Level.ERROR;
    }

    /** The line an operator reads first: table, date, check and what was observed. */
    public String describe() {
        return tableName + " " + snapshotDate + ": check '" + checkName + "' "
                + (success ? "passed" : "failed") + ": " + message;
    }
}
