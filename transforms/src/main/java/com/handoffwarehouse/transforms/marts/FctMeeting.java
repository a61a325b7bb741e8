package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.StgObject;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code fct_meeting}: one row per meeting (Event Id) across every snapshot. A rescheduled meeting
 * keeps its Id and gets a new start, so it stays one meeting, counted by its final outcome; reschedules is
 * the number of different start times it had minus one.
 */
public final class FctMeeting {
    public static final String HELD = "Held";
    public static final String NO_SHOW = "No Show";
    public static final String CANCELED = "Canceled";

    private FctMeeting() {
    }

    public static Dataset<Row> build(Dataset<Row> rawEvent, Timestamp asOf) {
        Dataset<Row> events = StgObject.renamed(rawEvent, CrmObject.EVENT);
        Column latest = col("snapshot_date");
        Column outcome = max_by(col("meeting_outcome"), latest);
        Column finalOutcome = when(outcome.isin(HELD, NO_SHOW, CANCELED), outcome);
        return events.groupBy("event_id").agg(
                        max_by(col("who_id"), latest).as("lead_id"),
                        max_by(col("created_by_id"), latest).as("booked_by"),
                        max_by(col("owner_id"), latest).as("ae_id"),
                        min("created_date").as("booked_at"),
                        max_by(col("start_date_time"), latest).as("start_at"),
                        finalOutcome.as("final_outcome"),
                        countDistinct("start_date_time").minus(1).as("reschedules"))
                .withColumnRenamed("event_id", "meeting_id")
                .withColumn("is_due", col("start_at").leq(lit(asOf))
                        .and(col("final_outcome").isNull().or(col("final_outcome").notEqual(lit(CANCELED)))))
                .withColumn("data_issue", when(col("final_outcome").equalTo(HELD)
                        .and(col("start_at").lt(col("booked_at"))), lit("held_before_booked")));
    }
}
