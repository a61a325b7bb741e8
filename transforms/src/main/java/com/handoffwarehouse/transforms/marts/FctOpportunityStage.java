package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.vocabulary.OpportunityStage;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code fct_opportunity_stage}: {@code int_opportunity_stage} with the days each stage has lasted at the
 * as-of time; an open stage with no change for the configured days is stalled.
 */
public final class FctOpportunityStage {
    private FctOpportunityStage() {
    }

    public static Dataset<Row> build(Dataset<Row> intOpportunityStage, Timestamp asOf, int stalledDays) {
        Column closed = col("stage").isin(OpportunityStage.CLOSED_WON, OpportunityStage.CLOSED_LOST);
        Column end = when(col("exited_at").isNotNull(), col("exited_at")).otherwise(lit(asOf));
        return intOpportunityStage
                .withColumn("days_in_stage", when(closed, lit(null).cast("double")).otherwise(
                        unix_timestamp(end).minus(unix_timestamp(col("entered_at"))).divide(86400.0)))
                .withColumn("is_stalled", col("exited_at").isNull().and(closed.equalTo(false))
                        .and(col("days_in_stage").geq(lit((double) stalledDays))));
    }
}
