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

    public static List<Rule> sdrBookingRules() {
        return List.of(Rules.atMost("leads_with_meeting", "sdr_worked_leads"));
    }

    /** Every handoff is counted in exactly one row of the mart. */
    private static Rule reconcilesHandoffs(Dataset<Row> fctHandoff) {
        return Rules.reconciles("handoffs reconcile with fct_handoff", Level.ERROR, sum("handoffs"),
                TableNames.FCT_HANDOFF, fctHandoff, count(lit(1)));
    }
}
