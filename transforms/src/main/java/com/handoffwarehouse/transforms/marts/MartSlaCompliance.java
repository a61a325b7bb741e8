package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_sla_compliance}: per dimension cell, the handoffs whose SLA windows have elapsed and the
 * share that met the acceptance and first-contact SLAs. A rate with no eligible handoff is null, not zero.
 */
public final class MartSlaCompliance {
    private MartSlaCompliance() {
    }

    public static Dataset<Row> build(Dataset<Row> outcomes) {
        Column[] dims = Arrays.stream(HandoffOutcomes.DIMENSIONS).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
        return outcomes.groupBy(dims).agg(
                        sum("is_handoff").cast("long").as("handoffs"),
                        sum("acceptance_eligible").cast("long").as("acceptance_eligible"),
                        sum("accepted_in_sla").cast("long").as("accepted_in_sla"),
                        sum("contact_eligible").cast("long").as("contact_eligible"),
                        sum("contacted_in_sla").cast("long").as("contacted_in_sla"),
                        sum(when(col("acceptance_eligible").equalTo(1).and(col("contact_eligible").equalTo(1)), 1)
                                .otherwise(0)).cast("long").as("both_eligible"),
                        sum(when(col("accepted_in_sla").equalTo(1).and(col("contacted_in_sla").equalTo(1)), 1)
                                .otherwise(0)).cast("long").as("both_met"))
                .withColumn("acceptance_rate", CohortMetrics.rate("accepted_in_sla", "acceptance_eligible"))
                .withColumn("contact_sla_rate", CohortMetrics.rate("contacted_in_sla", "contact_eligible"))
                .withColumn("sla_compliance_rate", CohortMetrics.rate("both_met", "both_eligible"))
                .orderBy(col("week"), col("ae_id"));
    }
}
