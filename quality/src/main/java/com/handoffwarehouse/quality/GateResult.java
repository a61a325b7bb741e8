package com.handoffwarehouse.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * The short table an operator reads after a gate: one line per failed check (warnings too) and a count of
     * the passed ones; with {@code verbose} every check has its line.
     */
    public String render(boolean verbose) {
        List<CheckOutcome> shown = outcomes.stream().filter(o -> verbose || !o.success()).toList();
        long passed = outcomes.stream().filter(CheckOutcome::success).count();
        long failed = outcomes.size() - passed;
        List<String> lines = new ArrayList<>();
        if (!shown.isEmpty()) {
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] {"status", "level", "table", "date", "check", "observed"});
            shown.forEach(o -> cells.add(new String[] {o.success() ? "ok" : "FAILED", o.level().label(),
                    o.tableName(), o.snapshotDate().toString(), o.checkName(), o.message()}));
            int[] widths = new int[5];
            cells.forEach(row -> {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            });
            for (String[] row : cells) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
                }
                lines.add(line.append(row[5]).toString());
            }
        }
        lines.add(passed + " checks passed" + (failed == 0 ? "" : ", " + failed + " failed ("
                + failures().size() + " blocking)"));
        return String.join(System.lineSeparator(), lines);
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
