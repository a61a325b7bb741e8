package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_checklist_effect}: one row per checklist item, meeting-to-opportunity conversion with the item
 * present against missing (DESIGN section 5's measure, mart_handoff_quality's per-cell counts rolled up), over the
 * cohort weeks complete for conversion only (week over, no first meeting still inside its window), so an early
 * conversion of a fresh week cannot tilt the comparison; and, over every handoff, the share with an opportunity so
 * far ({@code *_opportunity_rate}), for a warehouse where no cohort is complete yet, labelled as such by readers.
 */
public final class MartChecklistEffect {
    private MartChecklistEffect() {
    }

    public static Dataset<Row> build(Dataset<Row> outcomes, Timestamp asOf) {
        Dataset<Row> complete = CohortMetrics.byWeek(outcomes, asOf).filter(col("m2o_complete"))
                .select(col("week").as("_week"), lit(true).as("_complete"));
        Column inComplete = col("_complete").isNotNull();
        Column present = col("item_present");
        Column missing = present.equalTo(false);
        return MartHandoffQuality.byItem(outcomes.join(broadcast(complete), col("week").equalTo(col("_week")), "left"))
                .groupBy(col("checklist_item")).agg(
                        total(present.and(inComplete), "m2o_eligible", "with_eligible"),
                        total(present.and(inComplete), "m2o_converted", "with_converted"),
                        total(missing.and(inComplete), "m2o_eligible", "without_eligible"),
                        total(missing.and(inComplete), "m2o_converted", "without_converted"),
                        total(present, "is_handoff", "with_handoffs"),
                        total(present, "has_opportunity", "with_opportunities"),
                        total(missing, "is_handoff", "without_handoffs"),
                        total(missing, "has_opportunity", "without_opportunities"))
                .withColumn("with_rate", CohortMetrics.rate("with_converted", "with_eligible"))
                .withColumn("without_rate", CohortMetrics.rate("without_converted", "without_eligible"))
                .withColumn("with_opportunity_rate", CohortMetrics.rate("with_opportunities", "with_handoffs"))
                .withColumn("without_opportunity_rate",
                        CohortMetrics.rate("without_opportunities", "without_handoffs"))
                .orderBy("checklist_item");
    }

    private static Column total(Column condition, String flag, String as) {
        return sum(when(condition, col(flag)).otherwise(0)).cast("long").as(as);
    }
}
