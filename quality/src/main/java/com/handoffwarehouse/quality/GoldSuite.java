package com.handoffwarehouse.quality;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The gold rules (DESIGN section 6): fct_handoff's key and score, every rate in [0,1], numerators never above
 * their denominators, and mart totals that reconcile with fct_handoff. A failure here stops the build before
 * publication, so the published marts stay at their last good version.
 */
public final class GoldSuite {
    private GoldSuite() {
    }

    public static List<Rule> fctHandoffRules() {
        return List.of(
                Rules.complete("lead_id complete", Level.ERROR, "lead_id"),
                Rules.complete("handoff_seq complete", Level.ERROR, "handoff_seq"),
                Rules.unique("key (lead_id, handoff_seq) unique", Level.ERROR, "lead_id", "handoff_seq"),
                Rules.between("completeness_score in [0,100]", Level.ERROR, "completeness_score", 0, 100));
    }

    public static List<Rule> handoffFunnelRules(Dataset<Row> fctHandoff) {
        return List.of(
                Rules.atMost("accepted_in_sla", "acceptance_eligible"),
                Rules.atMost("contacted_in_sla", "contact_eligible"),
                Rules.atMost("meetings_held", "meetings_due"),
                Rules.atMost("m2o_converted", "m2o_eligible"),
                Rules.atMost("won", "opportunities"),
                Rules.atMost("opportunities", "handoffs"),
                reconcilesHandoffs(fctHandoff));
    }

    public static List<Rule> slaComplianceRules(Dataset<Row> fctHandoff) {
        return List.of(
                Rules.rate("acceptance_rate"),
                Rules.rate("contact_sla_rate"),
                Rules.rate("sla_compliance_rate"),
                Rules.atMost("accepted_in_sla", "acceptance_eligible"),
                Rules.atMost("contacted_in_sla", "contact_eligible"),
                Rules.atMost("both_met", "both_eligible"),
                reconcilesHandoffs(fctHandoff));
    }

    public static List<Rule> routingAuditRules(Dataset<Row> fctHandoff) {
        return List.of(
                Rules.atMost("reassigned_handoffs", "handoffs"),
                Rules.atMost("accepted_in_sla", "acceptance_eligible"),
                reconcilesHandoffs(fctHandoff));
    }

    public static List<Rule> handoffQualityRules() {
        return List.of(
                Rules.rate("m2o_rate"),
                Rules.atMost("m2o_converted", "m2o_eligible"),
                Rules.atMost("won", "opportunities"));
    }

    /** mart_weekly_metrics and mart_team_weekly_metrics: rates and counts in order, reconciling with fct_handoff. */
    public static List<Rule> weeklyMetricsRules(Dataset<Row> fctHandoff) {
        List<Rule> rules = new java.util.ArrayList<>(teamMetricsRules(fctHandoff));
        rules.add(Rules.rate("show_rate"));
        rules.add(Rules.rate("m2o_rate"));
        rules.add(Rules.atMost("meetings_held", "meetings_due"));
        rules.add(Rules.atMost("m2o_converted", "m2o_eligible"));
        rules.add(Rules.atMost("contacted", "handoffs"));
        rules.add(Rules.satisfies("median <= p90 business hours to first contact", Level.ERROR,
                "median_business_hours_to_first_contact IS NULL OR median_business_hours_to_first_contact "
                        + "<= p90_business_hours_to_first_contact", "median_business_hours_to_first_contact",
                "p90_business_hours_to_first_contact"));
        return rules;
    }

    /** mart_team_metrics: each team's SLA rates over every cohort, reconciling with fct_handoff. */
    public static List<Rule> teamMetricsRules(Dataset<Row> fctHandoff) {
        List<Rule> rules = new java.util.ArrayList<>(slaComplianceRules(fctHandoff));
        rules.add(Rules.atMost("both_eligible", "handoffs"));
        return rules;
    }

    /** mart_headline: one row per metric, rates in [0,1], hours non-negative, the previous week before the week. */
    public static List<Rule> headlineRules() {
        return List.of(
                Rules.unique("one row per metric", Level.ERROR, "metric"),
                Rules.satisfies("rates in [0,1]", Level.ERROR,
                        "NOT metric LIKE '%_rate' OR value IS NULL OR value BETWEEN 0 AND 1", "metric", "value"),
                Rules.satisfies("values non-negative", Level.ERROR, "value IS NULL OR value >= 0", "value"),
                Rules.satisfies("previous_week before week", Level.ERROR,
                        "previous_week IS NULL OR previous_week < week", "previous_week", "week"),
                Rules.atMost("eligible", "handoffs"));
    }

    /** mart_speed_distribution: one row per bucket, counts non-negative. */
    public static List<Rule> speedDistributionRules() {
        return List.of(
                Rules.unique("one row per bucket", Level.ERROR, "bucket_order"),
                Rules.nonNegative("handoffs non-negative", Level.ERROR, "handoffs"));
    }

    /** mart_checklist_effect: one row per item, rates in [0,1], numerators within their denominators. */
    public static List<Rule> checklistEffectRules() {
        return List.of(
                Rules.unique("one row per checklist item", Level.ERROR, "checklist_item"),
                Rules.rate("with_rate"),
                Rules.rate("without_rate"),
                Rules.rate("with_opportunity_rate"),
                Rules.rate("without_opportunity_rate"),
                Rules.atMost("with_converted", "with_eligible"),
                Rules.atMost("without_converted", "without_eligible"),
                Rules.atMost("with_eligible", "with_handoffs"),
                Rules.atMost("without_eligible", "without_handoffs"));
    }

    public static List<Rule> sdrBookingRules() {
        return List.of(Rules.atMost("leads_with_meeting", "sdr_worked_leads"));
    }

    /** Every handoff is counted in exactly one row of the mart. */
    private static Rule reconcilesHandoffs(Dataset<Row> fctHandoff) {
        return Rules.reconciles("handoffs reconcile with fct_handoff", Level.ERROR, sum("handoffs"),
                TableNames.FCT_HANDOFF, fctHandoff, count(lit(1)));
    }
}
