package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Finds every handoff in {@code int_lead_history}: each distinct Handoff_Submitted_At__c of a lead is one
 * handoff (a re-handoff overwrites the fields with a new submission time), numbered by submission time.
 *
 * <p>Per handoff it keeps the lead as of the first snapshot that shows the submission (prefixed {@code sub_}:
 * what the SDR handed over, which the checklist and routing judge) and the handoff's last known state
 * (accepted_at, rejected_at, current_ae_id). Its window runs from submission until rejection or the next
 * submission; meetings may be booked from 24 hours before it, but not before the previous window ended.
 */
public final class HandoffWindows {
    private HandoffWindows() {
    }

    public static Dataset<Row> build(Dataset<Row> leadHistory, int meetingLookbackHours) {
        Dataset<Row> versions = leadHistory.filter(col("handoff_submitted_at").isNotNull());
        WindowSpec bySubmission = Window.partitionBy("lead_id", "handoff_submitted_at")
                .orderBy("first_snapshot_date", "valid_from");
        WindowSpec bySubmissionDesc = Window.partitionBy("lead_id", "handoff_submitted_at")
                .orderBy(col("first_snapshot_date").desc(), col("valid_from").desc());

        Dataset<Row> flagged = versions
                .withColumn("asc_rank", row_number().over(bySubmission))
                .withColumn("desc_rank", row_number().over(bySubmissionDesc))
                .withColumn("prev_ae", lag("handoff_ae", 1).over(bySubmission))
                .withColumn("ae_changed", when(col("asc_rank").gt(1)
                        .and(col("prev_ae").isNull().or(col("prev_ae").notEqual(col("handoff_ae")))
                                .and(col("handoff_ae").isNotNull().or(col("prev_ae").isNotNull()))), 1)
                        .otherwise(0));

        Dataset<Row> reassignments = flagged.groupBy("lead_id", "handoff_submitted_at")
                .agg(sum("ae_changed").cast("int").as("reassignments"));

        Dataset<Row> atSubmission = flagged.filter(col("asc_rank").equalTo(1));
        Dataset<Row> lastState = flagged.filter(col("desc_rank").equalTo(1)).select(
                col("lead_id"), col("handoff_submitted_at"),
                col("handoff_ae").as("current_ae_id"),
                col("handoff_accepted_at").as("accepted_at"),
                col("handoff_rejected_at").as("rejected_at"),
                col("converted_opportunity_id").as("last_converted_opportunity_id"));

        WindowSpec byLead = Window.partitionBy("lead_id").orderBy("submitted_at");
        Column windowEnd = least(col("rejected_at"), col("next_submitted_at"));
        return atSubmission.select(prefixed(atSubmission))
                .join(lastState.withColumnRenamed("handoff_submitted_at", "submitted_at"),
                        Columns.using("lead_id", "submitted_at"))
                .join(reassignments.withColumnRenamed("handoff_submitted_at", "submitted_at"),
                        Columns.using("lead_id", "submitted_at"))
                .withColumn("handoff_seq", dense_rank().over(byLead))
                .withColumn("next_submitted_at", lead("submitted_at", 1).over(byLead))
                .withColumn("window_end", windowEnd)
                .withColumn("prev_window_end", lag(windowEnd, 1).over(byLead))
                .withColumn("meeting_window_start", Columns.greatestNonNull(
                        col("submitted_at").minus(expr("INTERVAL " + meetingLookbackHours + " HOURS")),
                        col("prev_window_end")))
                .withColumn("ae_id", col("sub_handoff_ae"))
                .withColumn("sdr_id", col("sub_sdr_owner"))
                .withColumn("data_issue", when(col("accepted_at").lt(col("submitted_at")),
                                lit("accepted_before_submitted"))
                        .when(col("rejected_at").lt(col("submitted_at")), lit("rejected_before_submitted"))
                        .when(col("accepted_at").isNotNull().and(col("rejected_at").isNotNull()),
                                lit("accepted_and_rejected")));
    }

    /** The lead as the submission showed it, every column prefixed sub_, plus the keys. */
    private static Column[] prefixed(Dataset<Row> atSubmission) {
        java.util.List<Column> cols = new java.util.ArrayList<>();
        cols.add(col("lead_id"));
        cols.add(col("handoff_submitted_at").as("submitted_at"));
        for (String c : atSubmission.columns()) {
            if (!c.equals("lead_id") && !c.equals("handoff_submitted_at") && !c.equals("asc_rank")
                    && !c.equals("desc_rank") && !c.equals("prev_ae") && !c.equals("ae_changed")) {
                cols.add(col(c).as("sub_" + c));
            }
        }
        return cols.toArray(Column[]::new);
    }
}
