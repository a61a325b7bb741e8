package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
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

    /** @param weekly the rows of mart_weekly_metrics */
    public static Dataset<Row> build(Dataset<Row> weekly) {
        Dataset<Row> readings = null;
        for (int i = 0; i < METRICS.size(); i++) {
            Metric m = METRICS.get(i);
            Dataset<Row> one = weekly.select(lit(m.name()).as("metric"), lit(i).as("metric_order"), col("week"),
                    col(m.name()).cast("double").as("value"), col(m.eligible()).cast("long").as("eligible"),
                    col(m.pending()).cast("long").as("pending"), col("handoffs"), col(m.complete()).as("complete"));
            readings = readings == null ? one : readings.unionByName(one);
        }
        WindowSpec newestFirst = Window.partitionBy("metric").orderBy(col("week").desc());
        Dataset<Row> decided = readings.filter(col("complete").and(col("value").isNotNull()))
                .withColumn("_rank", row_number().over(newestFirst));
        Dataset<Row> current = decided.filter(col("_rank").equalTo(1)).select(col("metric").as("c_metric"),
                col("week").as("c_week"), col("value").as("c_value"), col("eligible").as("c_eligible"),
                col("handoffs").as("c_handoffs"));
        Dataset<Row> previous = decided.filter(col("_rank").equalTo(2)).select(col("metric").as("p_metric"),
                col("week").as("previous_week"), col("value").as("previous_value"),
                col("eligible").as("previous_eligible"));
        Dataset<Row> latest = readings.withColumn("_rank", row_number().over(newestFirst))
                .filter(col("_rank").equalTo(1)).select(col("metric").as("l_metric"), col("week").as("latest_week"),
                        col("value").as("latest_value"), col("eligible").as("latest_eligible"),
                        col("pending").as("latest_pending"));
        Dataset<Row> after = readings.join(current, col("metric").equalTo(col("c_metric")), "left")
                .groupBy(col("metric").as("a_metric"))
                .agg(count(when(col("c_week").isNull().or(col("week").gt(col("c_week"))), lit(1)))
                        .as("weeks_after"));
        return metrics(weekly).join(current, col("metric").equalTo(col("c_metric")), "left")
                .join(previous, col("metric").equalTo(col("p_metric")), "left")
                .join(latest, col("metric").equalTo(col("l_metric")), "left")
                .join(after, col("metric").equalTo(col("a_metric")), "left")
                .select(col("metric"), col("metric_order"), col("c_week").as("week"), col("c_value").as("value"),
                        col("c_eligible").as("eligible"), col("c_handoffs").as("handoffs"), col("previous_week"),
                        col("previous_value"), col("previous_eligible"), col("latest_week"), col("latest_value"),
                        col("latest_eligible"), col("latest_pending"),
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
