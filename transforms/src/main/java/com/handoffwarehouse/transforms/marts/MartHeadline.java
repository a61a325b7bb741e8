package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds {@code mart_headline}: one row per headline metric, read for the latest cohort week that is complete for
 * it (its week is over and no handoff of it is still inside the metric's window, {@link CohortMetrics#byWeek})
 * against the complete week before that one. A week where a few handoffs have passed the window and many have
 * not is never the headline: its rate would be read as final. The latest cohort week, partly in or not, is
 * carried beside it with how much of it is in, so a reader sees what is still to come.
 *
 * <p>Columns: metric, metric_order, week, value, eligible (the rate's denominator, or the contacted handoffs for
 * speed), handoffs (the cohort's), previous_week, previous_value, previous_eligible, latest_week, latest_value,
 * latest_eligible, latest_pending (still inside the window), weeks_after (cohort weeks newer than week).
 */
public final class MartHeadline {
    /**
     * A headline metric: its column of mart_weekly_metrics, the completeness column that decides its week, and the
     * columns counting the cohort members in and still out.
     */
    public record Metric(String name, String complete, String eligible, String pending) {
    }

    public static final List<Metric> METRICS = List.of(
            new Metric("acceptance_rate", "acceptance_complete", "acceptance_eligible", "acceptance_pending"),
            new Metric("median_business_hours_to_first_contact", "contact_complete", "contacted", "contact_pending"),
            new Metric("p90_business_hours_to_first_contact", "contact_complete", "contacted", "contact_pending"),
            new Metric("median_hours_to_first_contact", "contact_complete", "contacted", "contact_pending"),
            new Metric("p90_hours_to_first_contact", "contact_complete", "contacted", "contact_pending"),
            new Metric("show_rate", "show_complete", "meetings_due", "meetings_pending"),
            new Metric("m2o_rate", "m2o_complete", "m2o_eligible", "m2o_pending"),
            new Metric("contact_sla_rate", "contact_complete", "contact_eligible", "contact_pending"),
            new Metric("sla_compliance_rate", "sla_complete", "both_eligible", "sla_pending"));

    private MartHeadline() {
    }

    /**
     * One unpivot, one window and one aggregate over {@code weekly}: the weekly frame is a long lineage, and every
     * extra use of it (a union per metric, a join per reading) is planned and run again.
     *
     * @param weekly the rows of mart_weekly_metrics
     */
    public static Dataset<Row> build(Dataset<Row> weekly) {
        List<Column> readings = new ArrayList<>();
        for (int i = 0; i < METRICS.size(); i++) {
            Metric m = METRICS.get(i);
            readings.add(struct(lit(m.name()).as("metric"), col(m.name()).cast("double").as("value"),
                    col(m.eligible()).cast("long").as("eligible"), col(m.pending()).cast("long").as("pending"),
                    col(m.complete()).as("complete")));
        }
        Column decided = col("r.complete").and(col("r.value").isNotNull());
        WindowSpec newestFirst = Window.partitionBy("r.metric").orderBy(col("week").desc());
        Dataset<Row> ranked = weekly
                .select(col("week"), col("handoffs"), explode(array(readings.toArray(Column[]::new))).as("r"))
                .withColumn("_newest", row_number().over(newestFirst))
                .withColumn("_decided", when(decided, sum(when(decided, 1).otherwise(0)).over(newestFirst
                        .rowsBetween(Window.unboundedPreceding(), Window.currentRow()))));
        Column current = col("_decided").equalTo(1);
        Column previous = col("_decided").equalTo(2);
        Column latest = col("_newest").equalTo(1);
        Dataset<Row> read = ranked.groupBy(col("r.metric").as("h_metric")).agg(
                max(when(current, col("week"))).as("week"),
                max(when(current, col("r.value"))).as("value"),
                max(when(current, col("r.eligible"))).as("eligible"),
                max(when(current, col("handoffs"))).as("handoffs"),
                max(when(previous, col("week"))).as("previous_week"),
                max(when(previous, col("r.value"))).as("previous_value"),
                max(when(previous, col("r.eligible"))).as("previous_eligible"),
                max(when(latest, col("week"))).as("latest_week"),
                max(when(latest, col("r.value"))).as("latest_value"),
                max(when(latest, col("r.eligible"))).as("latest_eligible"),
                max(when(latest, col("r.pending"))).as("latest_pending"),
                coalesce(max(when(current, col("_newest").minus(1))), count(lit(1))).cast("long").as("weeks_after"));
        return metrics(weekly).join(read, col("metric").equalTo(col("h_metric")), "left")
                .select(col("metric"), col("metric_order"), col("week"), col("value"), col("eligible"),
                        col("handoffs"), col("previous_week"), col("previous_value"), col("previous_eligible"),
                        col("latest_week"), col("latest_value"), col("latest_eligible"), col("latest_pending"),
                        coalesce(col("weeks_after"), lit(0L)).as("weeks_after"))
                .orderBy("metric_order");
    }

    /** Every headline metric has its row, read or not. */
    private static Dataset<Row> metrics(Dataset<Row> weekly) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < METRICS.size(); i++) {
            rows.add(RowFactory.create(METRICS.get(i).name(), i));
        }
        return weekly.sparkSession().createDataFrame(rows, new StructType().add("metric", DataTypes.StringType)
                .add("metric_order", DataTypes.IntegerType));
    }
}
