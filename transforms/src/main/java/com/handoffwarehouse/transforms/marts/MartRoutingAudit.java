package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_routing_audit}: handoffs by routing rule and verdict within each dimension cell, with
 * the reassignments they took. routed_ae_id is the AE the handoff was routed to (judged by the verdict);
 * ae_id is the AE holding it now.
 */
public final class MartRoutingAudit {
    private MartRoutingAudit() {
    }

    public static Dataset<Row> build(Dataset<Row> outcomes) {
        List<Column> keys = new ArrayList<>();
        Arrays.stream(HandoffOutcomes.DIMENSIONS).forEach(d -> keys.add(col(d)));
        keys.add(col("routed_ae_id"));
        keys.add(col("routing_rule"));
        keys.add(col("routing_verdict"));
        keys.add(col("routing_rules_version"));
        return outcomes.groupBy(keys.toArray(Column[]::new)).agg(
                        sum("is_handoff").cast("long").as("handoffs"),
                        sum("reassignments").cast("long").as("reassignments"),
                        sum(when(col("reassignments").gt(0), 1).otherwise(0)).cast("long").as("reassigned_handoffs"),
                        sum("accepted_in_sla").cast("long").as("accepted_in_sla"),
                        sum("acceptance_eligible").cast("long").as("acceptance_eligible"))
                .orderBy(col("week"), col("routing_verdict"));
    }
}
