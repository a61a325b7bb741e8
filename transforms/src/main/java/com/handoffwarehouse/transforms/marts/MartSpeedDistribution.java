package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds {@code mart_speed_distribution}: the handoffs of every cohort week complete for first contact (week
 * over, every first-contact window elapsed) by business hours to first AE contact, one row per bucket, empty
 * buckets included (a gap is part of the shape), the uncontacted in their own bucket. Columns: bucket_order,
 * bucket, lower_hours, upper_hours (null for the open-ended and the uncontacted bucket), handoffs, weeks (the
 * complete weeks counted) and through_week (the latest of them).
 */
public final class MartSpeedDistribution {
    /** Upper bounds of the buckets, in business hours; the SLA thresholds fall on edges. */
    public static final double[] EDGES = {1, 2, 4, 8, 16, 24, 40};
    public static final String NOT_CONTACTED = "not contacted";

    private MartSpeedDistribution() {
    }

    public static Dataset<Row> build(Dataset<Row> outcomes, Timestamp asOf) {
        Dataset<Row> complete = CohortMetrics.byWeek(outcomes, asOf).filter(col("contact_complete"))
                .select(col("week").as("_week"));
        Dataset<Row> counted = outcomes.join(broadcast(complete), col("week").equalTo(col("_week")));
        Column hours = col("business_hours_to_first_contact");
        Column bucket = when(col("is_contacted").equalTo(0).or(hours.isNull()), lit(EDGES.length + 1));
        for (int i = 0; i < EDGES.length; i++) {
            bucket = bucket.when(hours.lt(EDGES[i]), lit(i));
        }
        bucket = bucket.otherwise(lit(EDGES.length));
        Dataset<Row> counts = counted.groupBy(bucket.as("_bucket")).agg(count(lit(1)).as("_handoffs"));
        Dataset<Row> span = complete.agg(count(lit(1)).as("weeks"), max("_week").as("through_week"));
        return buckets(outcomes).join(counts, col("bucket_order").equalTo(col("_bucket")), "left").crossJoin(span)
                .select(col("bucket_order"), col("bucket"), col("lower_hours"), col("upper_hours"),
                        coalesce(col("_handoffs"), lit(0L)).as("handoffs"), col("weeks"), col("through_week"))
                .orderBy("bucket_order");
    }

    private static Dataset<Row> buckets(Dataset<Row> any) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i <= EDGES.length + 1; i++) {
            Double lower = i > EDGES.length ? null : Double.valueOf(i == 0 ? 0.0 : EDGES[i - 1]);
            Double upper = i < EDGES.length ? Double.valueOf(EDGES[i]) : null;
            rows.add(RowFactory.create(i, label(i), lower, upper));
        }
        return any.sparkSession().createDataFrame(rows, new StructType().add("bucket_order", DataTypes.IntegerType)
                .add("bucket", DataTypes.StringType).add("lower_hours", DataTypes.DoubleType)
                .add("upper_hours", DataTypes.DoubleType));
    }

    private static String label(int i) {
        if (i > EDGES.length) {
            return NOT_CONTACTED;
        }
        if (i == EDGES.length) {
            return edge(i - 1) + "+";
        }
        return (i == 0 ? "0" : edge(i - 1)) + "-" + edge(i);
    }

    private static String edge(int i) {
        return String.valueOf((long) EDGES[i]);
    }
}
