package com.handoffwarehouse.jobs.models;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** How a model's table is written (dbt's materializations). */
public sealed interface Materialization {
    /** Rebuilt from its inputs on every run and replaced in one commit. */
    record Table() implements Materialization {
    }

    /**
     * Advanced from its own previous state by the snapshots a run adds, when they all come after the snapshots
     * it has seen; rebuilt in full otherwise (the first run, a late or re-ingested date, {@code --full}).
     *
     * @param uniqueKey empty: the advance returns the whole new table; else the rows to upsert by this key
     * @param perSnapshot whether the advance takes one new snapshot at a time (with the one before it)
     */
    record Incremental(List<String> uniqueKey, boolean perSnapshot, Advance advance) implements Materialization {
        public Incremental {
            uniqueKey = List.copyOf(uniqueKey);
        }
    }

    /** The incremental step: from the table as it stands and the new snapshots, what to write. */
    @FunctionalInterface
    interface Advance {
        Dataset<Row> apply(Dataset<Row> current, Inputs added, Increment increment, BuildContext context);
    }

    /**
     * The snapshots an incremental step adds.
     *
     * @param previousDate the latest snapshot the table has seen
     * @param newDates     the snapshots added, ascending (one, when the advance is per snapshot)
     */
    record Increment(java.time.LocalDate previousDate, List<java.time.LocalDate> newDates) {
        public Increment {
            newDates = List.copyOf(newDates);
        }
    }
}
