package com.handoffwarehouse.transforms.marts;

import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_weekly_metrics} (one row per cohort week) and {@code mart_team_weekly_metrics} (per manager
 * and cohort week): every DESIGN section 5 handoff metric of the cohort, the handoffs and meetings still inside
 * each metric's window, and whether the cohort is complete for it ({@link CohortMetrics#byWeek}). The dashboard's
 * trends draw these rows; a week not complete for a metric is shown as partly in, never as a final rate.
 */
public final class MartWeeklyMetrics {
    private MartWeeklyMetrics() {
    }

    public static Dataset<Row> build(Dataset<Row> outcomes, Timestamp asOf) {
        return CohortMetrics.byWeek(outcomes, asOf);
    }

    public static Dataset<Row> byTeam(Dataset<Row> outcomes, Timestamp asOf) {
        return CohortMetrics.byWeek(outcomes, asOf, "manager_id");
    }
}
