package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.col;

import com.handoffwarehouse.transforms.Columns;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code int_handoff}, one row per handoff (DESIGN section 4) with everything that does not depend on the
 * as-of time: windows, activity inside them, routing as it stood at submission, and the checklist score.
 * {@code fct_handoff} adds the SLA clocks; the timeline places its events.
 */
public final class IntHandoff {
    /** The silver inputs: histories, the latest state of each object, and the meetings. */
    public record Inputs(Dataset<Row> leadHistory, Dataset<Row> accountHistory, Dataset<Row> userHistory,
                         Dataset<Row> stgLead, Dataset<Row> stgTask, Dataset<Row> stgOpportunity,
                         Dataset<Row> intMeeting) {
    }

    public record Settings(Territory territory, RoutingRules rules, HandoffChecklist.Spec checklist,
                           List<String> inboundLeadSources, int meetingLookbackHours, int followupWithinMinutes) {
    }

    private IntHandoff() {
    }

    public static Dataset<Row> build(Inputs in, Settings settings) {
        Dataset<Row> windows = HandoffWindows.build(in.leadHistory(), settings.meetingLookbackHours()).cache();
        Dataset<Row> classified = settings.territory()
                .classify(windows, "sub_country", "sub_number_of_employees", "")
                .withColumn("is_inbound", col("sub_lead_source").isin(settings.inboundLeadSources().toArray())
                        .and(col("sub_lead_source").isNotNull()));
        Dataset<Row> routed = RoutingReevaluation.evaluate(classified, in.accountHistory(), in.userHistory(),
                settings.rules());
        Dataset<Row> withActivity = routed
                .join(HandoffActivity.followupTask(windows, in.stgTask(), settings.followupWithinMinutes()),
                        Columns.using("lead_id", "handoff_seq"), "left")
                .join(HandoffActivity.firstContact(windows, in.stgTask(), in.intMeeting()),
                        Columns.using("lead_id", "handoff_seq"), "left")
                .join(HandoffActivity.firstMeeting(windows, in.intMeeting()),
                        Columns.using("lead_id", "handoff_seq"), "left")
                .join(HandoffActivity.opportunity(windows, in.stgLead(), in.stgOpportunity()),
                        Columns.using("lead_id", "handoff_seq"), "left");
        return HandoffChecklist.score(withActivity, settings.checklist())
                .select(col("lead_id"), col("handoff_seq"), col("sdr_id"), col("ae_id"), col("current_ae_id"),
                        col("submitted_at"), col("accepted_at"), col("rejected_at"), col("window_end"),
                        col("first_contact_at"), col("first_meeting_id"), col("meeting_start_at"),
                        col("meeting_outcome"), col("opportunity_id"), col("opportunity_created_at"), col("opportunity_is_won"),
                        col("completeness_score"), col("missing_items"), col("followup_task_at"),
                        col("account_owner_id"), col("expected_ae_id"), col("expected_pool"), col("routing_rule"),
                        col("routing_verdict"), col("routing_rules_version"), col("reassignments"),
                        col("region"), col("segment"), col("sub_lead_source").as("lead_source"), col("is_inbound"),
                        col("sub_intent_score").as("intent_score"), col("sub_matched_account").as("matched_account_id"),
                        col("sub_first_snapshot_date").as("submission_snapshot_date"), col("data_issue"));
    }
}
