package com.handoffwarehouse.transforms.vocabulary;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * DESIGN section 1: a snapshot dated D shows the state at the end of D, 23:59:59 UTC. The one place that knows
 * the rule; a change seen only by comparing snapshots is dated at this instant of the first one showing it.
 */
public final class SnapshotInstant {
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);
    private static final int SECONDS_INTO_DAY = END_OF_DAY.toSecondOfDay();

    private SnapshotInstant() {
    }

    public static Instant of(LocalDate snapshotDate) {
        return snapshotDate.atTime(END_OF_DAY).toInstant(ZoneOffset.UTC);
    }

    public static Timestamp timestamp(LocalDate snapshotDate) {
        return Timestamp.from(of(snapshotDate));
    }

    /** The instant of a DATE column's snapshot, as a TIMESTAMP column. */
    public static Column of(Column snapshotDate) {
        return snapshotDate.cast("timestamp").plus(functions.expr("INTERVAL " + SECONDS_INTO_DAY + " SECONDS"));
    }

    /** The date an instant is read as when it names a day (a date given as --as-of means its end). */
    public static LocalDate dateOf(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
