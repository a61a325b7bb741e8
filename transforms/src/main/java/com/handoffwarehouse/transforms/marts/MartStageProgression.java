package com.handoffwarehouse.transforms.marts;

import com.handoffwarehouse.transforms.vocabulary.OpportunityStage;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_stage_progression}: per stage and dimension cell, how many opportunities entered it,
 * advanced out of it, were lost from it, the median days spent in it, and how many sit in it stalled.
 * Dimensions come from the handoff that produced the opportunity (null for opportunities without one).
 */
public final class MartStageProgression {
    private MartStageProgression() {
    }

    public static Dataset<Row> build(Dataset<Row> fctOpportunityStage, Dataset<Row> outcomes) {
        List<Column> dimCols = new ArrayList<>();
        dimCols.add(col("opportunity_id").as("d_opp"));
        Arrays.stream(HandoffOutcomes.DIMENSIONS).forEach(d -> dimCols.add(col(d)));
        Dataset<Row> dims = outcomes.filter(col("opportunity_id").isNotNull()).select(dimCols.toArray(Column[]::new));
        List<Column> keys = new ArrayList<>();
        keys.add(col("stage"));
        Arrays.stream(HandoffOutcomes.DIMENSIONS).forEach(d -> keys.add(col(d)));
        Column lostNext = col("next_stage").equalTo(OpportunityStage.CLOSED_LOST);
        return fctOpportunityStage.join(dims, col("opportunity_id").equalTo(col("d_opp")), "left").drop("d_opp")
                .groupBy(keys.toArray(Column[]::new)).agg(
                        count(lit(1)).as("entered"),
                        sum(when(col("next_stage").isNotNull().and(lostNext.equalTo(false)), 1).otherwise(0))
                                .cast("long").as("advanced"),
                        sum(when(lostNext, 1).otherwise(0)).cast("long").as("lost"),
                        expr("percentile(days_in_stage, 0.5)").as("median_days_in_stage"),
                        sum(when(col("is_stalled"), 1).otherwise(0)).cast("long").as("stalled_open"))
                .orderBy(col("stage"));
    }
}
