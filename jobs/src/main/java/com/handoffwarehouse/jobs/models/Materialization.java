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
     * Advanced from its own previous state instead of rebuilt, when its state allows (dbt's incremental models);
     * rebuilt in full otherwise and on {@code --full}.
     *
     * @param uniqueKey   empty: the advance returns the whole new table; else the rows to upsert by this key
     * @param perSnapshot whether the advance takes one new snapshot at a time (with the one before it)
     * @param settingsKey for an advance that compares its inputs with its table: the settings the table depends
     *                    on, as text; null for an advance by new snapshots
     */
    record Incremental(List<String> uniqueKey, boolean perSnapshot, Advance advance,
                       java.util.function.Function<BuildContext, String> settingsKey) implements Materialization {
        public Incremental {
            uniqueKey = List.copyOf(uniqueKey);
        }

        /**
         * Advanced by the snapshots a run adds, when they all come after the snapshots it has seen; rebuilt when
         * its bronze changed behind it (no state yet, a late or re-ingested date).
         */
        public static Incremental bySnapshots(List<String> uniqueKey, boolean perSnapshot, Advance advance) {
            return new Incremental(uniqueKey, perSnapshot, advance, null);
        }

        /**
         * Advanced from the table and its current inputs whenever the as-of time has not moved back and the
         * settings it depends on are the same as the last build's.
         */
        public static Incremental byInputs(Advance advance, java.util.function.Function<BuildContext, String> settingsKey) {
            return new Incremental(List.of(), false, advance, settingsKey);
        }

        public boolean bySnapshots() {
            return settingsKey == null;
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
     * @param previousDate the latest snapshot the table has seen (null for an advance by inputs)
     * @param newDates     the snapshots added, ascending (one, when the advance is per snapshot; none by inputs)
     */
    record Increment(java.time.LocalDate previousDate, List<java.time.LocalDate> newDates) {
        public Increment {
            newDates = List.copyOf(newDates);
        }
    }
}
