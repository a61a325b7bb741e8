package com.handoffwarehouse.quality;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The gold gate (DESIGN section 6) on the facts and marts a build has computed and not yet written: fct_handoff's
 * key and score, every rate in [0,1], numerators never above their denominators, and mart totals that reconcile
 * with fct_handoff. A failure here leaves the published marts at their last good version.
 */
public final class GoldSuite {
    public static final String FCT_HANDOFF = "fct_handoff";

    /** The gold frames the gate judges. */
    public record Tables(Dataset<Row> fctHandoff, Dataset<Row> handoffFunnel, Dataset<Row> slaCompliance,
                         Dataset<Row> routingAudit, Dataset<Row> handoffQuality, Dataset<Row> sdrBooking) {
    }

    private GoldSuite() {
    }

    /** One suite per table, filed under the build's as-of date. */
    public static List<QualitySuite> of(LocalDate asOf, Tables t) {
        return List.of(
                new QualitySuite(FCT_HANDOFF, asOf, t.fctHandoff(), fctHandoffRules()),
                new QualitySuite("mart_handoff_funnel", asOf, t.handoffFunnel(), handoffFunnelRules(t.fctHandoff())),
                new QualitySuite("mart_sla_compliance", asOf, t.slaCompliance(), slaComplianceRules(t.fctHandoff())),
                new QualitySuite("mart_routing_audit", asOf, t.routingAudit(), routingAuditRules(t.fctHandoff())),
                new QualitySuite("mart_handoff_quality", asOf, t.handoffQuality(), handoffQualityRules()),
                new QualitySuite("mart_sdr_booking", asOf, t.sdrBooking(), sdrBookingRules()));
    }

    static List<Rule> fctHandoffRules() {
        return List.of(
                Rules.complete("lead_id complete", Level.ERROR, "lead_id"),
                Rules.complete("handoff_seq complete", Level.ERROR, "handoff_seq"),
                Rules.unique("key (lead_id, handoff_seq) unique", Level.ERROR, "lead_id", "handoff_seq"),
                Rules.between("completeness_score in [0,100]", Level.ERROR, "completeness_score", 0, 100));
    }

    static List<Rule> handoffFunnelRules(Dataset<Row> fctHandoff) {
        return List.of(
                Rules.atMost("accepted_in_sla", "acceptance_eligible"),
                Rules.atMost("contacted_in_sla", "contact_eligible"),
                Rules.atMost("meetings_held", "meetings_due"),
                Rules.atMost("m2o_converted", "m2o_eligible"),
                Rules.atMost("won", "opportunities"),
                Rules.atMost("opportunities", "handoffs"),
                reconcilesHandoffs(fctHandoff));
    }

    static List<Rule> slaComplianceRules(Dataset<Row> fctHandoff) {
        return List.of(
                Rules.rate("acceptance_rate"),
                Rules.rate("contact_sla_rate"),
                Rules.rate("sla_compliance_rate"),
                Rules.atMost("accepted_in_sla", "acceptance_eligible"),
                Rules.atMost("contacted_in_sla", "contact_eligible"),
                Rules.atMost("both_met", "both_eligible"),
                reconcilesHandoffs(fctHandoff));
    }

    static List<Rule> routingAuditRules(Dataset<Row> fctHandoff) {
        return List.of(
                Rules.atMost("reassigned_handoffs", "handoffs"),
                Rules.atMost("accepted_in_sla", "acceptance_eligible"),
                reconcilesHandoffs(fctHandoff));
    }

    static List<Rule> handoffQualityRules() {
        return List.of(
                Rules.rate("m2o_rate"),
                Rules.atMost("m2o_converted", "m2o_eligible"),
                Rules.atMost("won", "opportunities"));
    }

    static List<Rule> sdrBookingRules() {
        return List.of(Rules.atMost("leads_with_meeting", "sdr_worked_leads"));
    }

    /** Every handoff is counted in exactly one row of the mart. */
    private static Rule reconcilesHandoffs(Dataset<Row> fctHandoff) {
        return Rules.reconciles("handoffs reconcile with fct_handoff", Level.ERROR, sum("handoffs"), FCT_HANDOFF,
                fctHandoff, count(lit(1)));
    }
}
