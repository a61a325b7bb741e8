package com.handoffwarehouse.jobs.ops;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes {@code run_log}: one row per job run and snapshot date. A run is logged RUNNING when it starts
 * and completed by a MERGE on (run_id, snapshot_date) when it ends, so a run killed midway stays visible; the next
 * writer, which holds the warehouse's writer lock and so knows no other run is alive, marks such rows ABANDONED.
 */
public final class RunLog {
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    /** A run that never finished (killed, or its machine lost): found RUNNING by a later writer. */
    public static final String ABANDONED = "ABANDONED";

    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("job", DataTypes.StringType, false)
            .add("snapshot_date", DataTypes.DateType, true)
            .add("source", DataTypes.StringType, true)
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, true)
            .add("status", DataTypes.StringType, false)
            .add("rows_read", DataTypes.LongType, true)
            .add("rows_written", DataTypes.LongType, true)
            .add("rows_quarantined", DataTypes.LongType, true)
            .add("error_message", DataTypes.StringType, true);

    /** One line of the log: the counts are null while the run is in flight. */
    public record Entry(String runId, String job, LocalDate snapshotDate, String source, Instant startedAt,
                        Instant finishedAt, String status, Long rowsRead, Long rowsWritten, Long rowsQuarantined,
                        String errorMessage) {
        Row toRow() {
            return RowFactory.create(runId, job, snapshotDate == null ? null : Date.valueOf(snapshotDate), source,
                    Timestamp.from(startedAt), finishedAt == null ? null : Timestamp.from(finishedAt), status,
                    rowsRead, rowsWritten, rowsQuarantined, errorMessage);
        }
    }

    private final WarehouseCatalog catalog;

    public RunLog(WarehouseCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Marks every RUNNING row ABANDONED, naming the run that found it. Call only while holding the writer lock,
     * before logging the new run: no other run can then be in flight.
     *
     * @return how many rows were marked
     */
    public long abandonUnfinished(String foundByRunId, Instant now) {
        if (!catalog.exists(Tables.RUN_LOG)) {
            return 0;
        }
        DeltaTable log = DeltaTable.forPath(catalog.spark(), catalog.location(Tables.RUN_LOG));
        long unfinished = log.toDF().where(col("status").equalTo(RUNNING)).count();
        if (unfinished > 0) {
            log.update(col("status").equalTo(RUNNING), Map.of(
                    "status", lit(ABANDONED),
                    "finished_at", lit(Timestamp.from(now)),
                    "error_message", lit("the run stopped without finishing (killed, or its machine lost); "
                            + "found by run " + foundByRunId + "; re-run its dates if they are not loaded")));
        }
        return unfinished;
    }

    /**
     * Runs {@code work} as one logged run of {@code job} filed under {@code date}: earlier unfinished runs marked
     * ABANDONED, this one RUNNING while {@code work} runs, then SUCCEEDED with the table rows it wrote (null for none), or FAILED with
     * the message of what stopped it (rethrown). Call only while holding the writer lock.
     *
     * @param work given the run's id
     */
    public <T> T logged(String job, LocalDate date, String source, Function<String, T> work,
                        Function<T, Long> rowsWritten) {
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        abandonUnfinished(runId, started);
        started(List.of(new Entry(runId, job, date, source, started, null, RUNNING, null, null, null, null)));
        T result;
        try {
            result = work.apply(runId);
        } catch (RuntimeException e) {
            finished(List.of(new Entry(runId, job, date, source, started, Instant.now(), FAILED, null, null, null,
                    String.valueOf(e.getMessage()))));
            throw e;
        }
        finished(List.of(new Entry(runId, job, date, source, started, Instant.now(), SUCCEEDED, null,
                rowsWritten.apply(result), null, null)));
        return result;
    }

    public void started(List<Entry> entries) {
        frame(entries).write().format("delta").mode("append").save(catalog.location(Tables.RUN_LOG));
    }

    /** Replaces the RUNNING rows of the same run and date, or adds the rows when none were logged. */
    public void finished(List<Entry> entries) {
        if (!catalog.exists(Tables.RUN_LOG)) {
            started(entries);
            return;
        }
        DeltaTable.forPath(catalog.spark(), catalog.location(Tables.RUN_LOG)).as("log")
                .merge(frame(entries).as("run"),
                        "log.run_id = run.run_id AND log.snapshot_date <=> run.snapshot_date")
                .whenMatched().updateAll()
                .whenNotMatched().insertAll()
                .execute();
    }

    private Dataset<Row> frame(List<Entry> entries) {
        List<Row> rows = new ArrayList<>(entries.size());
        entries.forEach(e -> rows.add(e.toRow()));
        return catalog.spark().createDataFrame(rows, SCHEMA);
    }
}
