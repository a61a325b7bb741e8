package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.Columns;
import com.handoffwarehouse.transforms.vocabulary.EventSource;
import com.handoffwarehouse.transforms.vocabulary.EventType;
import com.handoffwarehouse.transforms.vocabulary.MeetingOutcome;
import com.handoffwarehouse.transforms.vocabulary.OpportunityStage;
import com.handoffwarehouse.transforms.vocabulary.SnapshotInstant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds {@code int_lead_timeline}: one row per event in a lead's life (DESIGN section 3). Each row says
 * where its time came from: {@code field} (a timestamp the CRM carries), {@code history} (a history object)
 * or {@code diff} (first snapshot showing the change; then {@code ts_inferred} is true). Contradictions
 * are kept and named in {@code data_issue}, never fixed or dropped.
 */
public final class IntLeadTimeline {
    /**
     * @param stgLeadHistory {@code stg_lead_history}: exact owner and status change times, when the CRM exports them
     * @param eventHistory   {@code int_event_history}: reschedules and cancellations are changes between versions
     * @param stgUser        the actors' roles
     */
    public record Inputs(Dataset<Row> leadHistory, Dataset<Row> stgLeadHistory, Dataset<Row> intHandoff,
                         Dataset<Row> intMeeting, Dataset<Row> eventHistory, Dataset<Row> stgLead,
                         Dataset<Row> opportunityStages, Dataset<Row> stgUser) {
    }

    private IntLeadTimeline() {
    }

    public static Dataset<Row> build(Inputs in) {
        List<Dataset<Row>> parts = new ArrayList<>();
        parts.add(leadLifecycle(in.leadHistory(), in.stgLeadHistory()));
        parts.add(handoffEvents(in.intHandoff()));
        parts.add(meetingEvents(in.intMeeting(), in.eventHistory()));
        parts.add(opportunityEvents(in.stgLead(), in.opportunityStages()));
        Dataset<Row> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.unionByName(parts.get(i));
        }
        Dataset<Row> roles = in.stgUser().select(col("user_id").as("r_user"), col("sales_role").as("actor_role"));
        return all.join(org.apache.spark.sql.functions.broadcast(roles), col("actor_id").equalTo(col("r_user")), "left")
                .drop("r_user")
                .withColumn("ts_inferred", col("source").equalTo(EventSource.DIFF))
                .select("lead_id", "event_ts", "event_type", "actor_id", "actor_role", "source", "ts_inferred",
                        "handoff_seq", "attributes", "data_issue");
    }

    private static Dataset<Row> event(Dataset<Row> df, Column leadId, Column ts, EventType type, Column actor,
                                      Column source, Column handoffSeq, Column attributes, Column issue) {
        return df.select(leadId.as("lead_id"), ts.cast("timestamp").as("event_ts"), lit(type.name()).as("event_type"),
                actor.cast("string").as("actor_id"), source.as("source"), handoffSeq.cast("int").as("handoff_seq"),
                attributes.cast("map<string,string>").as("attributes"), issue.cast("string").as("data_issue"));
    }

    private static Column noAttributes() {
        return map().cast("map<string,string>");
    }

    private static Column none() {
        return lit(null);
    }

    /**
     * Creation, owner and status changes, deletion: from the SCD2 versions. A version's valid_from is when the
     * record reached its whole state; LeadHistory's row for the field itself, when there is one in the days the
     * version's change could have happened, dates the owner or status change more exactly.
     */
    private static Dataset<Row> leadLifecycle(Dataset<Row> history, Dataset<Row> stgLeadHistory) {
        WindowSpec byLead = Window.partitionBy("lead_id").orderBy("valid_from");
        Dataset<Row> v = history
                .withColumn("prev_owner", lag("owner_id", 1).over(byLead))
                .withColumn("prev_status", lag("status", 1).over(byLead))
                .withColumn("version_rank", row_number().over(byLead))
                .withColumn("prev_deleted", lag("deleted_at", 1).over(byLead))
                .withColumn("changed_after", SnapshotInstant.of(lag(SnapshotHistory.LAST_SNAPSHOT, 1).over(byLead)))
                .withColumn("changed_by", SnapshotInstant.of(col(SnapshotHistory.FIRST_SNAPSHOT)));
        Dataset<Row> created = event(v.filter(col("version_rank").equalTo(1)), col("lead_id"),
                min("created_date").over(Window.partitionBy("lead_id")), EventType.LEAD_CREATED, col("owner_id"),
                lit(EventSource.FIELD), none(), map(lit("status"), col("status"), lit("lead_source"), col("lead_source")),
                none());
        Column changedAfterFirst = col("version_rank").gt(1).and(col("prev_deleted").isNull());
        Dataset<Row> owner = fieldChange(v.filter(changedAfterFirst.and(col("prev_owner").isNotNull())
                        .and(col("owner_id").isNull().or(col("owner_id").notEqual(col("prev_owner"))))),
                stgLeadHistory, List.of("Owner", "OwnerId"), "owner_id");
        Dataset<Row> status = fieldChange(v.filter(changedAfterFirst.and(col("prev_status").isNotNull())
                        .and(col("status").isNull().or(col("status").notEqual(col("prev_status"))))),
                stgLeadHistory, List.of("Status"), "status");
        Dataset<Row> ownerEvents = event(owner, col("lead_id"), col("changed_at"), EventType.OWNER_CHANGED, col("owner_id"),
                col("changed_source"), none(),
                map(lit("old_owner_id"), col("prev_owner"), lit("new_owner_id"), col("owner_id")), none());
        Dataset<Row> statusEvents = event(status, col("lead_id"), col("changed_at"), EventType.STATUS_CHANGED,
                col("owner_id"), col("changed_source"), none(),
                map(lit("old_status"), col("prev_status"), lit("new_status"), col("status")), none());
        Dataset<Row> deleted = event(v.filter(col("deleted_at").isNotNull()), col("lead_id"), col("deleted_at"),
                EventType.LEAD_DELETED, none(), col(SnapshotHistory.DELETED_SOURCE), none(), noAttributes(), none());
        return created.unionByName(ownerEvents).unionByName(statusEvents).unionByName(deleted);
    }

    /**
     * The versions that changed {@code column}, with {@code changed_at} and {@code changed_source}: the latest
     * LeadHistory row of one of {@code fields} setting the new value between the previous version's last
     * snapshot and this version's first, else the version's own start. (Salesforce records an owner change
     * twice, by Id and by name; only the Id row matches the new value.)
     */
    private static Dataset<Row> fieldChange(Dataset<Row> versions, Dataset<Row> stgLeadHistory, List<String> fields,
                                            String column) {
        Dataset<Row> rows = stgLeadHistory.filter(col("field").isin(fields.toArray()))
                .select(col("lead_id").as("h_lead"), col("new_value").as("h_value"), col("created_date").as("h_at"));
        Dataset<Row> exact = versions.join(rows, col("lead_id").equalTo(col("h_lead"))
                        .and(col(column).equalTo(col("h_value"))).and(col("h_at").leq(col("changed_by")))
                        .and(col("changed_after").isNull().or(col("h_at").gt(col("changed_after")))))
                .groupBy("lead_id", SnapshotHistory.VERSION_NO).agg(max("h_at").as("field_changed_at"));
        return versions.join(exact, Columns.using("lead_id", SnapshotHistory.VERSION_NO), "left")
                .withColumn("changed_at", coalesce(col("field_changed_at"), col("valid_from")))
                .withColumn("changed_source", when(col("field_changed_at").isNotNull(), lit(EventSource.HISTORY))
                        .otherwise(col("change_source")))
                .drop("field_changed_at");
    }

    private static Dataset<Row> handoffEvents(Dataset<Row> h) {
        Column attrs = map(lit("ae_id"), col("ae_id"), lit("sdr_id"), col("sdr_id"));
        Dataset<Row> submitted = event(h, col("lead_id"), col("submitted_at"), EventType.HANDOFF_SUBMITTED, col("sdr_id"),
                lit(EventSource.FIELD), col("handoff_seq"), attrs, col("data_issue"));
        Dataset<Row> accepted = event(h.filter(col("accepted_at").isNotNull()), col("lead_id"), col("accepted_at"),
                EventType.HANDOFF_ACCEPTED, col("current_ae_id"), lit(EventSource.FIELD), col("handoff_seq"), attrs,
                when(col("accepted_at").lt(col("submitted_at")), lit("accepted_before_submitted")));
        Dataset<Row> rejected = event(h.filter(col("rejected_at").isNotNull()), col("lead_id"), col("rejected_at"),
                EventType.HANDOFF_REJECTED, col("current_ae_id"), lit(EventSource.FIELD), col("handoff_seq"), attrs,
                when(col("rejected_at").lt(col("submitted_at")), lit("rejected_before_submitted")));
        Dataset<Row> contact = event(h.filter(col("first_contact_at").isNotNull()), col("lead_id"),
                col("first_contact_at"), EventType.AE_FIRST_CONTACT, col("current_ae_id"), lit(EventSource.FIELD), col("handoff_seq"),
                attrs, none());
        return submitted.unionByName(accepted).unionByName(rejected).unionByName(contact);
    }

    /**
     * Booking and outcomes from int_meeting; reschedules and cancellations carry no timestamp of their own, so
     * they are dated at the first snapshot that shows them (the version that shows them), or when that Event
     * version began if the source keeps versions.
     */
    private static Dataset<Row> meetingEvents(Dataset<Row> meetings, Dataset<Row> eventHistory) {
        Column attrs = map(lit("meeting_id"), col("meeting_id"), lit("start_at"), col("start_at").cast("string"));
        Dataset<Row> booked = event(meetings, col("lead_id"), col("booked_at"), EventType.MEETING_BOOKED,
                col("booked_by"), lit(EventSource.FIELD), none(), attrs, none());
        Dataset<Row> held = event(meetings.filter(col("final_outcome").equalTo(MeetingOutcome.HELD)), col("lead_id"),
                col("start_at"), EventType.MEETING_HELD, col("ae_id"), lit(EventSource.FIELD), none(), attrs,
                col("data_issue"));
        Dataset<Row> noShow = event(meetings.filter(col("final_outcome").equalTo(MeetingOutcome.NO_SHOW)),
                col("lead_id"), col("start_at"), EventType.MEETING_NO_SHOW, col("ae_id"), lit(EventSource.FIELD),
                none(), attrs, none());

        WindowSpec byVersion = Window.partitionBy("event_id").orderBy(SnapshotHistory.VERSION_NO);
        Column exact = col(SnapshotHistory.VERSION_START_AT);
        Dataset<Row> changes = eventHistory
                .withColumn("prev_start", lag("start_date_time", 1).over(byVersion))
                .withColumn("prev_outcome", lag("meeting_outcome", 1).over(byVersion))
                .withColumn("seen_at", coalesce(exact, SnapshotInstant.of(col(SnapshotHistory.FIRST_SNAPSHOT))))
                .withColumn("seen_source", when(exact.isNotNull(), lit(EventSource.HISTORY))
                        .otherwise(lit(EventSource.DIFF)));
        Dataset<Row> rescheduled = event(changes.filter(col("prev_start").isNotNull()
                        .and(col("prev_start").notEqual(col("start_date_time")))),
                col("who_id"), col("seen_at"), EventType.MEETING_RESCHEDULED, col("owner_id"), col("seen_source"),
                none(), map(lit("meeting_id"), col("event_id"), lit("old_start_at"), col("prev_start").cast("string"),
                        lit("new_start_at"), col("start_date_time").cast("string")), none());
        Dataset<Row> canceled = event(changes.filter(col("meeting_outcome").equalTo(MeetingOutcome.CANCELED)
                        .and(col("prev_outcome").isNull().or(col("prev_outcome").notEqual(MeetingOutcome.CANCELED)))),
                col("who_id"), col("seen_at"), EventType.MEETING_CANCELED, col("owner_id"), col("seen_source"),
                none(), map(lit("meeting_id"), col("event_id")), none());
        return booked.unionByName(held).unionByName(noShow).unionByName(rescheduled).unionByName(canceled);
    }

    /** The converted opportunity's creation and stage changes, placed on the lead's timeline. */
    private static Dataset<Row> opportunityEvents(Dataset<Row> stgLead, Dataset<Row> stages) {
        Dataset<Row> leadOpp = stgLead.filter(col("converted_opportunity_id").isNotNull())
                .select(col("lead_id"), col("converted_opportunity_id").as("opportunity_id"));
        Dataset<Row> s = stages.join(leadOpp, "opportunity_id");
        Column attrs = map(lit("opportunity_id"), col("opportunity_id"), lit("stage"), col("stage"));
        Dataset<Row> created = event(s.filter(col("stage_seq").equalTo(1)), col("lead_id"),
                col("opportunity_created_at"), EventType.OPPORTUNITY_CREATED, col("owner_id"), lit(EventSource.FIELD), none(), attrs,
                none());
        Dataset<Row> changed = event(s.filter(col("stage_seq").gt(1)), col("lead_id"), col("entered_at"),
                EventType.STAGE_CHANGED, col("owner_id"), col("source"), none(), attrs, none());
        Dataset<Row> won = event(s.filter(col("stage").equalTo(OpportunityStage.CLOSED_WON)), col("lead_id"), col("entered_at"),
                EventType.CLOSED_WON, col("owner_id"), col("source"), none(), attrs, none());
        Dataset<Row> lost = event(s.filter(col("stage").equalTo(OpportunityStage.CLOSED_LOST)), col("lead_id"), col("entered_at"),
                EventType.CLOSED_LOST, col("owner_id"), col("source"), none(), attrs, none());
        return created.unionByName(changed).unionByName(won).unionByName(lost);
    }
}
