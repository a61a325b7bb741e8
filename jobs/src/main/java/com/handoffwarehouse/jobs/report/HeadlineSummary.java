package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.sum;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The headline numbers leadership asks for first, as the dashboard's cards show them: each metric of mart_headline
 * for the latest cohort week complete for it, against the complete week before. Nothing is computed here.
 */
public record HeadlineSummary(long handoffs, Map<String, Reading> readings) {
    /** One metric of mart_headline: its week (null while no cohort is complete), value and the previous week's. */
    public record Reading(String metric, String week, Double value, Long eligible, Long handoffs, String previousWeek,
                          Double previousValue, String latestWeek, Long latestEligible, Long latestPending) {
    }

    private static final Map<String, String> LABELS = labels();

    public HeadlineSummary {
        readings = Map.copyOf(readings);
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("acceptance_rate", "Acceptance rate (in SLA)");
        labels.put("median_hours_to_first_contact", "Median speed-to-lead");
        labels.put("median_business_hours_to_first_contact", "Median speed-to-lead (business)");
        labels.put("show_rate", "Show rate");
        labels.put("m2o_rate", "Meeting-to-opportunity");
        labels.put("sla_compliance_rate", "SLA compliance (accept+contact)");
        return labels;
    }

    public static HeadlineSummary read(WarehouseCatalog catalog) {
        Row total = catalog.read(Tables.MART_HANDOFF_FUNNEL).agg(sum("handoffs")).head();
        Map<String, Reading> readings = new LinkedHashMap<>();
        for (Row r : catalog.read(Tables.MART_HEADLINE).orderBy("metric_order").collectAsList()) {
            Reading reading = new Reading(r.getAs("metric"), text(r.getAs("week")), r.getAs("value"),
                    r.getAs("eligible"), r.getAs("handoffs"), text(r.getAs("previous_week")),
                    r.getAs("previous_value"), text(r.getAs("latest_week")), r.getAs("latest_eligible"),
                    r.getAs("latest_pending"));
            readings.put(reading.metric(), reading);
        }
        return new HeadlineSummary(total.isNullAt(0) ? 0 : total.getLong(0), readings);
    }

    private static String text(Object date) {
        return date == null ? null : date.toString();
    }

    public Reading reading(String metric) {
        return readings.get(metric);
    }

    private static String format(String metric, Double v) {
        if (v == null) {
            return "n/a";
        }
        return metric.endsWith("_rate") ? String.format(Locale.ROOT, "%.1f%%", v * 100)
                : String.format(Locale.ROOT, "%.1f h", v);
    }

    private static String line(Reading r) {
        if (r.week() == null) {
            return "n/a (no cohort week past its window yet" + (r.latestWeek() == null ? ")"
                    : "; week of " + r.latestWeek() + ": " + r.latestEligible() + " in, " + r.latestPending()
                    + " still inside the window)");
        }
        String previous = r.previousWeek() == null ? "no earlier complete week"
                : format(r.metric(), r.previousValue()) + " for " + r.previousWeek();
        return format(r.metric(), r.value()) + "  (cohort week of " + r.week() + ", " + r.handoffs()
                + " handoffs, all past the window; " + previous + ")";
    }

    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-34s%d", "Handoffs:", handoffs));
        LABELS.forEach((metric, label) -> {
            Reading r = readings.get(metric);
            if (r != null) {
                lines.add(String.format(Locale.ROOT, "%-34s%s", label + ":", line(r)));
            }
        });
        return String.join(System.lineSeparator(), lines);
    }
}
