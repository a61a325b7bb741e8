package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.transforms.vocabulary.SnapshotInstant;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** What every transform of one build may know besides its inputs: the instant it sees the world at, and the settings. */
public record BuildContext(SparkSession spark, Instant asOf, BuildSettings settings) {
    public Timestamp asOfTimestamp() {
        return Timestamp.from(asOf);
    }

    /** The date quality results are filed under. */
    public LocalDate asOfDate() {
        return SnapshotInstant.dateOf(asOf);
    }
}
