package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one definition of every DESIGN section 5 handoff metric over a group of cohorts: the counts summed from
 * {@link HandoffOutcomes}, each rate as its numerator over the handoffs whose window has elapsed, the speed-to-lead
 * percentiles, and, per cohort week, whether the cohort is complete for each metric: its week is over and none of
 * its handoffs is still inside that metric's window. The metric marts, the report marts and the dashboard all
 * read their rates from here.
 */
public final class CohortMetrics {
    /**
     * The latest UTC instant of a local day is at most this many hours after the day's end in UTC (UTC-12):
     * until then a handoff can still join the cohort week.
     */
    static final int WESTMOST_OFFSET_HOURS = 12;

    private CohortMetrics() {
    }

    /** A rate of two columns: null when nothing is eligible, never zero by default. */
    public static Column rate(String numerator, String denominator) {
        return when(col(denominator).gt(0), col(numerator).divide(col(denominator)));
    }

    /** The additive counts of a group of outcome rows, the rates' numerators and denominators. */
    static List<Column> counts() {
        return List.of(
                total("is_handoff", "handoffs"),
                total("accepted_in_sla", "accepted_in_sla"),
                total("acceptance_eligible", "acceptance_eligible"),
                total("contacted_in_sla", "contacted_in_sla"),
                total("contact_eligible", "contact_eligible"),
                sum(when(col("acceptance_eligible").equalTo(1).and(col("contact_eligible").equalTo(1)), 1).otherwise(0))
                        .cast("long").as("both_eligible"),
                sum(when(col("accepted_in_sla").equalTo(1).and(col("contacted_in_sla").equalTo(1)), 1).otherwise(0))
                        .cast("long").as("both_met"),
                total("meetings_due", "meetings_due"),
                total("meetings_held", "meetings_held"),
                total("meetings_pending", "meetings_pending"),
                total("m2o_eligible", "m2o_eligible"),
                total("m2o_converted", "m2o_converted"),
                total("m2o_pending", "m2o_pending"),
                total("has_opportunity", "opportunities"),
                total("is_won", "won"),
                total("is_contacted", "contacted"));
    }

    private static Column total(String flag, String as) {
        return sum(flag).cast("long").as(as);
    }

    /** Median and p90 of the time to first AE contact over the contacted handoffs, wall-clock and business hours. */
    static List<Column> speed() {
        return List.of(percentile("business_hours_to_first_contact", 0.5, "median_business_hours_to_first_contact"),
                percentile("business_hours_to_first_contact", 0.9, "p90_business_hours_to_first_contact"),
                percentile("hours_to_first_contact", 0.5, "median_hours_to_first_contact"),
                percentile("hours_to_first_contact", 0.9, "p90_hours_to_first_contact"));
    }

    private static Column percentile(String hours, double p, String as) {
        return expr("percentile(CASE WHEN is_contacted = 1 THEN " + hours + " END, " + p + ")").as(as);
    }

    /** The rates of DESIGN section 5 from the counts of {@link #counts()}. */
    static Dataset<Row> withRates(Dataset<Row> counts) {
        return counts
                .withColumn("acceptance_rate", rate("accepted_in_sla", "acceptance_eligible"))
                .withColumn("contact_sla_rate", rate("contacted_in_sla", "contact_eligible"))
                .withColumn("sla_compliance_rate", rate("both_met", "both_eligible"))
                .withColumn("show_rate", rate("meetings_held", "meetings_due"))
                .withColumn("m2o_rate", rate("m2o_converted", "m2o_eligible"));
    }

    /**
     * Per cohort week: counts, rates, speed percentiles, how many handoffs or meetings are still inside each
     * window ({@code *_pending}) and whether the cohort is complete for each metric ({@code *_complete}).
     *
     * @param keys grouping columns besides {@code week} (a team's manager_id, say)
     */
    public static Dataset<Row> byWeek(Dataset<Row> outcomes, Timestamp asOf, String... keys) {
        String[] all = Arrays.copyOf(keys, keys.length + 1);
        all[keys.length] = "week";
        Dataset<Row> rates = withRates(grouped(outcomes, all, true));
        Column weekOver = expr("unix_date(week)").plus(7).multiply(86_400L).plus(WESTMOST_OFFSET_HOURS * 3_600L)
                .leq(lit(asOf.getTime() / 1000));
        return rates
                .withColumn("week_ended", weekOver)
                .withColumn("acceptance_pending", col("handoffs").minus(col("acceptance_eligible")))
                .withColumn("contact_pending", col("handoffs").minus(col("contact_eligible")))
                .withColumn("sla_pending", col("handoffs").minus(col("both_eligible")))
                .withColumn("acceptance_complete", col("week_ended").and(col("acceptance_pending").equalTo(0)))
                .withColumn("contact_complete", col("week_ended").and(col("contact_pending").equalTo(0)))
                .withColumn("sla_complete", col("week_ended").and(col("sla_pending").equalTo(0)))
                .withColumn("show_complete", col("week_ended").and(col("meetings_pending").equalTo(0)))
                .withColumn("m2o_complete", col("week_ended").and(col("m2o_pending").equalTo(0)))
                .orderBy(Arrays.stream(all).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }

    /** Counts and rates per group over every cohort week, each rate over the handoffs past its window. */
    public static Dataset<Row> overall(Dataset<Row> outcomes, String... keys) {
        return withRates(grouped(outcomes, keys, false));
    }

    private static Dataset<Row> grouped(Dataset<Row> outcomes, String[] keys, boolean withSpeed) {
        List<Column> aggregates = new java.util.ArrayList<>(counts());
        if (withSpeed) {
            aggregates.addAll(speed());
        }
        Column first = aggregates.get(0);
        Column[] rest = aggregates.subList(1, aggregates.size()).toArray(Column[]::new);
        return outcomes.groupBy(Arrays.stream(keys).map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                .agg(first, rest);
    }
}
