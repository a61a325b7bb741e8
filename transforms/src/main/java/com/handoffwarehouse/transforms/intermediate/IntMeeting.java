package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.vocabulary.MeetingOutcome;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code int_meeting}: one row per meeting (Event Id) from its versions in {@code int_event_history}. A
 * rescheduled meeting keeps its Id and gets a new start, so it stays one meeting, told by its final outcome;
 * reschedules is the number of different start times it had minus one.
 */
public final class IntMeeting {
    private IntMeeting() {
    }

    public static Dataset<Row> build(Dataset<Row> eventHistory) {
        Column latest = col(SnapshotHistory.VERSION_NO);
        Column outcome = max_by(col("meeting_outcome"), latest);
        return eventHistory.groupBy(col("event_id").as("meeting_id")).agg(
                        max_by(col("who_id"), latest).as("lead_id"),
                        max_by(col("created_by_id"), latest).as("booked_by"),
                        max_by(col("owner_id"), latest).as("ae_id"),
                        min("created_date").as("booked_at"),
                        max_by(col("start_date_time"), latest).as("start_at"),
                        when(outcome.isin(MeetingOutcome.FINAL.toArray()), outcome).as("final_outcome"),
                        countDistinct("start_date_time").minus(1).as("reschedules"))
                .withColumn("data_issue", when(col("final_outcome").equalTo(MeetingOutcome.HELD)
                        .and(col("start_at").lt(col("booked_at"))), lit("held_before_booked")));
    }
}
