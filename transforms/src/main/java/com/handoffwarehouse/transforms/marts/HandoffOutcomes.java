package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.vocabulary.MeetingOutcome;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * fct_handoff with the mart dimensions and the per-handoff 0/1 outcomes every mart sums, so the marts
 * stay additive and agree with each other. Dimensions: week (Monday of the cohort week), ae_id (the AE who
 * holds the handoff), sdr_id, manager_id, region, segment, lead_source, lead_direction (inbound/outbound).
 * Besides the outcomes decided at the as-of time, two flags say what is still open: meetings_pending (a first
 * meeting not canceled whose start is still ahead) and m2o_pending (a first meeting held or not yet decided whose
 * conversion window has not elapsed), so a cohort is complete for a rate once none of its handoffs is pending.
 */
public final class HandoffOutcomes {
    public static final String[] DIMENSIONS = {"week", "ae_id", "sdr_id", "manager_id", "region", "segment",
            "lead_source", "lead_direction"};

    private HandoffOutcomes() {
    }

    private static Column flag(Column condition) {
        return when(coalesce(condition, lit(false)), 1).otherwise(0);
    }

    public static Dataset<Row> build(Dataset<Row> fctHandoff, Timestamp asOf, int meetingToOpportunityDays) {
        Column asOfTs = lit(asOf);
        Column m2oDeadline = col("meeting_start_at").plus(expr("INTERVAL " + meetingToOpportunityDays + " DAYS"));
        Column held = col("meeting_outcome").equalTo(MeetingOutcome.HELD);
        Column due = FctMeeting.isDue(col("meeting_start_at"), col("meeting_outcome"), asOf);
        Column m2oEligible = held.and(m2oDeadline.leq(asOfTs));
        // A first meeting that is held, or may still be (not yet started, or its outcome not yet logged), and whose
        // conversion window is still open: its cohort's conversion rate is not final.
        Column m2oOpen = col("meeting_start_at").isNotNull().and(m2oDeadline.gt(asOfTs))
                .and(coalesce(col("meeting_outcome").isin(MeetingOutcome.NO_SHOW, MeetingOutcome.CANCELED), lit(false))
                        .equalTo(false));
        Column notCanceled = col("meeting_outcome").isNull().or(col("meeting_outcome").notEqual(MeetingOutcome.CANCELED));
        Column converted = col("opportunity_created_at").isNotNull().and(col("opportunity_created_at").leq(m2oDeadline));
        return fctHandoff
                .withColumn("routed_ae_id", col("ae_id"))
                .withColumn("ae_id", col("current_ae_id"))
                .withColumn("week", date_trunc("week", col("cohort_date")).cast("date"))
                .withColumn("lead_direction", when(col("is_inbound"), lit("inbound")).otherwise(lit("outbound")))
                .withColumn("is_handoff", lit(1))
                .withColumn("accepted_in_sla", flag(col("sla_accept_met")))
                .withColumn("acceptance_eligible", flag(col("sla_accept_met").isNotNull()))
                .withColumn("contacted_in_sla", flag(col("sla_contact_met")))
                .withColumn("contact_eligible", flag(col("sla_contact_met").isNotNull()))
                .withColumn("meetings_due", flag(due))
                .withColumn("meetings_held", flag(due.and(held)))
                .withColumn("meetings_pending", flag(col("meeting_start_at").gt(asOfTs).and(notCanceled)))
                .withColumn("meetings_no_show", flag(due.and(col("meeting_outcome").equalTo(MeetingOutcome.NO_SHOW))))
                .withColumn("m2o_eligible", flag(m2oEligible))
                .withColumn("m2o_converted", flag(m2oEligible.and(converted)))
                .withColumn("m2o_pending", flag(m2oOpen))
                .withColumn("is_contacted", flag(col("first_contact_at").isNotNull().and(col("first_contact_at").leq(asOfTs))))
                .withColumn("has_opportunity", flag(col("opportunity_id").isNotNull()))
                .withColumn("is_won", flag(col("opportunity_is_won")));
    }
}
