package com.handoffwarehouse.jobs.cli;

/**
 * The exit codes of {@code warehouse}, a contract for schedulers and scripts (README, "Exit codes"): each says who
 * has to act. Every command returns one of these; {@link WarehouseCli} maps exceptions to them in one place.
 */
public enum ExitCode {
    /** The command did what it was asked. */
    OK(0, "success"),
    /** A bug or an unexpected failure (Spark, storage): the message is short; {@code --verbose} adds the trace. */
    INTERNAL_ERROR(1, "internal error"),
    /** The command line or the configuration is wrong (an unknown option, a bad YAML key, a SQL error). */
    USAGE(2, "usage or configuration error"),
    /** An Error-level quality check failed: the data is at fault; the results are in quality_results. */
    QUALITY_GATE_FAILED(3, "quality gate failed"),
    /**
     * The input cannot be ingested as it stands: a missing, damaged or truncated file, a missing column, a broken
     * quote, a folder name that is not a date. The message names the file and what to fix.
     */
    BAD_INPUT(4, "bad input"),
    /** Another process holds the warehouse's writer lock. */
    WAREHOUSE_IN_USE(5, "warehouse in use");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
