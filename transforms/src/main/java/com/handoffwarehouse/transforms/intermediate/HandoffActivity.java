package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;

import com.handoffwarehouse.transforms.Columns;
import com.handoffwarehouse.transforms.vocabulary.MeetingOutcome;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What happened inside each handoff's window (DESIGN section 3): the first AE touch, the first meeting,
 * the follow-up task of checklist item 9, and the lead's opportunity.
 */
public final class HandoffActivity {
    private HandoffActivity() {
    }

    /** A touch counts when it happened at or after submission and before the window closed. */
    private static Column inWindow(Column ts) {
        return ts.geq(col("submitted_at")).and(col("window_end").isNull().or(ts.lt(col("window_end"))));
    }

    /**
     * AE touches: the handoff's current AE completing a Task on the lead (at CompletedDateTime) or holding a
     * meeting with it (at its start).
     */
    public static Dataset<Row> firstContact(Dataset<Row> windows, Dataset<Row> stgTask, Dataset<Row> meetings) {
        Dataset<Row> touches = stgTask
                .filter(col("status").equalTo("Completed").and(col("completed_date_time").isNotNull())
                        .and(col("is_deleted").equalTo(false)))
                .select(col("who_id").as("t_lead"), col("owner_id").as("t_owner"),
                        col("completed_date_time").as("touch_at"))
                .unionByName(meetings.filter(col("final_outcome").equalTo(MeetingOutcome.HELD))
                        .select(col("lead_id").as("t_lead"), col("ae_id").as("t_owner"), col("start_at").as("touch_at")));
        return windows.select("lead_id", "handoff_seq", "submitted_at", "window_end", "current_ae_id")
                .join(touches, col("lead_id").equalTo(col("t_lead")).and(col("current_ae_id").equalTo(col("t_owner")))
                        .and(inWindow(col("touch_at"))))
                .groupBy("lead_id", "handoff_seq").agg(min("touch_at").as("first_contact_at"));
    }

    /** Meetings booked from the lookback before submission (not before the previous window) to the window's end. */
    public static Dataset<Row> firstMeeting(Dataset<Row> windows, Dataset<Row> intMeeting) {
        Dataset<Row> meetings = intMeeting.select(col("lead_id").as("m_lead"), col("meeting_id"), col("booked_at"),
                col("start_at"), col("final_outcome"));
        Column booked = col("booked_at");
        return windows.select("lead_id", "handoff_seq", "meeting_window_start", "window_end")
                .join(meetings, col("lead_id").equalTo(col("m_lead")).and(booked.geq(col("meeting_window_start")))
                        .and(col("window_end").isNull().or(booked.lt(col("window_end")))))
                .groupBy("lead_id", "handoff_seq").agg(
                        min_by(struct(col("meeting_id"), col("start_at"), col("final_outcome")),
                                struct(col("start_at"), col("meeting_id"))).as("m"))
                .select(col("lead_id"), col("handoff_seq"), col("m.meeting_id").as("first_meeting_id"),
                        col("m.start_at").as("meeting_start_at"), col("m.final_outcome").as("meeting_outcome"));
    }

    /** Checklist item 9: a Task owned by the AE who received the handoff, created within the allowed minutes. */
    public static Dataset<Row> followupTask(Dataset<Row> windows, Dataset<Row> stgTask, int withinMinutes) {
        Dataset<Row> tasks = stgTask.select(col("who_id").as("f_lead"), col("owner_id").as("f_owner"),
                col("created_date").as("f_created"));
        return windows.select("lead_id", "handoff_seq", "submitted_at", "ae_id")
                .join(tasks, col("lead_id").equalTo(col("f_lead")).and(col("ae_id").equalTo(col("f_owner")))
                        .and(col("f_created").geq(col("submitted_at")))
                        .and(col("f_created").leq(col("submitted_at")
                                .plus(expr("INTERVAL " + withinMinutes + " MINUTES")))))
                .groupBy("lead_id", "handoff_seq").agg(min("f_created").as("followup_task_at"));
    }

    /**
     * The lead's converted opportunity, given to the last handoff submitted at or before its creation, and whether
     * it is won.
     */
    public static Dataset<Row> opportunity(Dataset<Row> windows, Dataset<Row> stgLead, Dataset<Row> stgOpportunity) {
        Dataset<Row> opps = stgLead.filter(col("converted_opportunity_id").isNotNull())
                .select(col("lead_id").as("o_lead"), col("converted_opportunity_id").as("opportunity_id"))
                .join(stgOpportunity.select(col("opportunity_id"), col("created_date").as("opportunity_created_at"),
                        col("is_won").as("opportunity_is_won")), Columns.using("opportunity_id"));
        Dataset<Row> candidates = windows.select("lead_id", "handoff_seq", "submitted_at")
                .join(opps, col("lead_id").equalTo(col("o_lead"))
                        .and(col("submitted_at").leq(col("opportunity_created_at"))));
        Dataset<Row> owner = candidates.groupBy("o_lead", "opportunity_id", "opportunity_created_at",
                        "opportunity_is_won")
                .agg(max("handoff_seq").as("o_seq"));
        return owner.select(col("o_lead").as("lead_id"), col("o_seq").as("handoff_seq"), col("opportunity_id"),
                col("opportunity_created_at"), col("opportunity_is_won"));
    }
}
