package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Builds {@code mart_handoff_funnel}: additive counts per dimension cell, so any roll-up is a sum. */
public final class MartHandoffFunnel {
    public static final String[] MEASURES = {"handoffs", "accepted_in_sla", "acceptance_eligible", "contacted_in_sla",
            "contact_eligible", "meetings_due", "meetings_held", "meetings_no_show", "m2o_eligible", "m2o_converted",
            "opportunities", "won"};

    private MartHandoffFunnel() {
    }

    public static Dataset<Row> build(Dataset<Row> outcomes) {
        Column[] dims = Arrays.stream(HandoffOutcomes.DIMENSIONS).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
        return outcomes.groupBy(dims).agg(
                sum("is_handoff").cast("long").as("handoffs"),
                sum("accepted_in_sla").cast("long").as("accepted_in_sla"),
                sum("acceptance_eligible").cast("long").as("acceptance_eligible"),
                sum("contacted_in_sla").cast("long").as("contacted_in_sla"),
                sum("contact_eligible").cast("long").as("contact_eligible"),
                sum("meetings_due").cast("long").as("meetings_due"),
                sum("meetings_held").cast("long").as("meetings_held"),
                sum("meetings_no_show").cast("long").as("meetings_no_show"),
                sum("m2o_eligible").cast("long").as("m2o_eligible"),
                sum("m2o_converted").cast("long").as("m2o_converted"),
                sum("has_opportunity").cast("long").as("opportunities"),
                sum("is_won").cast("long").as("won"))
                .orderBy(col("week"), col("ae_id"));
    }
}
