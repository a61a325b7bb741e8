package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.time.BusinessCalendar;
import com.handoffwarehouse.transforms.time.BusinessHours;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Adds the SLA clocks to fct_handoff (DESIGN sections 4 and 5). Clocks run in the time zone and holiday
 * calendar of the AE who holds the handoff (its current AE), both wall-clock and in business hours.
 *
 * <p>An SLA is decided once its window has elapsed at the as-of time: the due time has passed, or the
 * handoff was closed earlier by a rejection or the next submission. Until then sla_*_met is null, even
 * for an early acceptance, so recent cohorts are not biased upward (right-censoring).
 */
public final class HandoffSla {
    /**
     * @param acceptanceHours            business hours to accept
     * @param firstContactHours          business hours to first contact
     * @param firstContactHighIntentHours business hours to first contact when intent is high
     * @param highIntentScore            Intent_Score__c from which a lead is high intent
     */
    public record Spec(double acceptanceHours, double firstContactHours, double firstContactHighIntentHours,
                       double highIntentScore) {
    }

    private HandoffSla() {
    }

    private static Column hoursBetween(Column from, Column to) {
        return unix_micros(to).minus(unix_micros(from)).divide(3_600_000_000.0);
    }

    /** @param users the latest state of each user: the AE's zone, region and manager */
    public static Dataset<Row> apply(Dataset<Row> handoffs, Dataset<Row> users, BusinessCalendar calendar,
                                     Spec spec, Timestamp asOf) {
        return clock(withAe(handoffs, users, spec), calendar, asOf);
    }

    /**
     * Everything the clocks are computed from: the handoffs with their AE's zone, region and manager, and the
     * SLA hours that apply to each.
     */
    public static Dataset<Row> withAe(Dataset<Row> handoffs, Dataset<Row> users, Spec spec) {
        Dataset<Row> aes = users.select(col("user_id").as("sla_ae"), col("time_zone_sid_key").as("ae_time_zone"),
                col("region").as("ae_region"), col("manager_id"));
        return handoffs.join(broadcast(aes), col("current_ae_id").equalTo(col("sla_ae")), "left")
                .drop("sla_ae")
                .withColumn("contact_sla_hours", when(col("intent_score").geq(lit(spec.highIntentScore())),
                        lit(spec.firstContactHighIntentHours())).otherwise(lit(spec.firstContactHours())))
                .withColumn("accept_sla_hours", lit(spec.acceptanceHours()));
    }

    /** The clocks of handoffs prepared by {@link #withAe}, decided or not at the as-of time. */
    public static Dataset<Row> clock(Dataset<Row> withAe, BusinessCalendar calendar, Timestamp asOf) {
        Column asOfTs = lit(asOf);
        Dataset<Row> clocked = BusinessHours.withBusinessDeadline(withAe, "submitted_at", "accept_sla_hours",
                "ae_time_zone", "ae_region", calendar, "accept_due_at");
        clocked = BusinessHours.withBusinessDeadline(clocked, "submitted_at", "contact_sla_hours", "ae_time_zone",
                "ae_region", calendar, "contact_due_at");
        clocked = BusinessHours.withBusinessHours(clocked, "submitted_at", "accepted_at", "ae_time_zone",
                "ae_region", calendar, "business_hours_to_accept");
        clocked = BusinessHours.withBusinessHours(clocked, "submitted_at", "first_contact_at", "ae_time_zone",
                "ae_region", calendar, "business_hours_to_first_contact");

        Column closedBeforeAsOf = col("window_end").isNotNull().and(col("window_end").leq(asOfTs));
        Column acceptDecided = col("accept_due_at").leq(asOfTs).or(closedBeforeAsOf);
        Column contactDecided = col("contact_due_at").leq(asOfTs).or(closedBeforeAsOf);
        Column acceptedInSla = col("accepted_at").isNotNull().and(col("rejected_at").isNull())
                .and(col("accepted_at").leq(col("accept_due_at")));
        Column contactedInSla = col("first_contact_at").isNotNull()
                .and(col("first_contact_at").leq(col("contact_due_at")));
        return clocked
                .withColumn("hours_to_accept", hoursBetween(col("submitted_at"), col("accepted_at")))
                .withColumn("hours_to_first_contact", hoursBetween(col("submitted_at"), col("first_contact_at")))
                .withColumn("sla_accept_met", when(acceptDecided, acceptedInSla))
                .withColumn("sla_contact_met", when(contactDecided, contactedInSla))
                .withColumn("cohort_date", to_date(from_utc_timestamp(col("submitted_at"), col("ae_time_zone"))));
    }
}
