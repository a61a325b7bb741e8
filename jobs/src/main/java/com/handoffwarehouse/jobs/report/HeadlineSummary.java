package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * The headline numbers leadership asks for first, computed from the published marts (never from bronze):
 * handoffs, acceptance rate, median speed-to-lead, show rate, meeting-to-opportunity, SLA compliance.
 */
public record HeadlineSummary(long handoffs, Double acceptanceRate, Double medianHoursToFirstContact,
                              Double medianBusinessHoursToFirstContact, Double showRate,
                              Double meetingToOpportunity, Double slaCompliance) {

    public static HeadlineSummary read(WarehouseCatalog catalog) {
        Row f = catalog.read(Tables.MART_HANDOFF_FUNNEL).agg(
                sum("handoffs"), sum("accepted_in_sla"), sum("acceptance_eligible"), sum("meetings_held"),
                sum("meetings_due"), sum("m2o_converted"), sum("m2o_eligible")).head();
        Row s = catalog.read(Tables.MART_SLA_COMPLIANCE).agg(sum("both_met"), sum("both_eligible")).head();
        Row speed = catalog.read(Tables.FCT_HANDOFF).filter(col("first_contact_at").isNotNull())
                .agg(expr("percentile(hours_to_first_contact, 0.5)"),
                        expr("percentile(business_hours_to_first_contact, 0.5)"), count(lit(1))).head();
        return new HeadlineSummary(f.isNullAt(0) ? 0 : f.getLong(0), ratio(f, 1, 2), nullable(speed, 0),
                nullable(speed, 1), ratio(f, 3, 4), ratio(f, 5, 6), ratio(s, 0, 1));
    }

    private static Double ratio(Row r, int numerator, int denominator) {
        if (r.isNullAt(denominator) || r.getLong(denominator) == 0) {
            return null;
        }
        return (double) r.getLong(numerator) / r.getLong(denominator);
    }

    private static Double nullable(Row r, int i) {
        return r.isNullAt(i) ? null : r.getDouble(i);
    }

    private static String pct(Double v) {
        return v == null ? "n/a (no handoff past its window yet)" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String hours(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f h", v);
    }

    public String render() {
        return String.join(System.lineSeparator(),
                "Handoffs:                        " + handoffs,
                "Acceptance rate (in SLA):        " + pct(acceptanceRate),
                "Median speed-to-lead:            " + hours(medianHoursToFirstContact) + " wall-clock, "
                        + hours(medianBusinessHoursToFirstContact) + " business",
                "Show rate:                       " + pct(showRate),
                "Meeting-to-opportunity (30 d):   " + pct(meetingToOpportunity),
                "SLA compliance (accept+contact): " + pct(slaCompliance));
    }
}
