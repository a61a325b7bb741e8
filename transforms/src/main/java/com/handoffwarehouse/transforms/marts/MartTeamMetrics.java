package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_team_metrics}: per manager (team), the SLA counts and rates over every cohort week (each rate
 * over the handoffs whose window has elapsed) and the SLA breaches open on the team now.
 */
public final class MartTeamMetrics {
    private MartTeamMetrics() {
    }

    public static Dataset<Row> build(Dataset<Row> outcomes, Timestamp asOf) {
        Dataset<Row> teams = CohortMetrics.overall(outcomes, "manager_id");
        Dataset<Row> open = MartSlaBreachesOpen.breaches(outcomes, asOf).groupBy(col("manager_id").as("b_manager"))
                .agg(count(lit(1)).as("open_breaches"));
        return teams.join(open, teams.col("manager_id").eqNullSafe(open.col("b_manager")), "left")
                .withColumn("open_breaches", coalesce(col("open_breaches"), lit(0L)))
                .drop("b_manager")
                .orderBy(col("open_breaches").desc(), col("manager_id"));
    }
}
