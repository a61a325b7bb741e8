package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sum;

import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_handoff_quality}: each checklist item set against meeting-to-opportunity conversion,
 * with the item present and without it, per dimension cell.
 */
public final class MartHandoffQuality {
    private MartHandoffQuality() {
    }

    /** Each outcome row once per checklist item, with checklist_item and whether it was present (item_present). */
    static Dataset<Row> byItem(Dataset<Row> outcomes) {
        Column items = org.apache.spark.sql.functions.array(HandoffChecklist.ITEMS.stream().map(
                org.apache.spark.sql.functions::lit).toArray(Column[]::new));
        return outcomes.withColumn("checklist_item", explode(items))
                .withColumn("item_present", array_contains(col("missing_items"), col("checklist_item")).equalTo(false));
    }

    public static Dataset<Row> build(Dataset<Row> outcomes) {
        List<Column> keys = new ArrayList<>();
        Arrays.stream(HandoffOutcomes.DIMENSIONS).forEach(d -> keys.add(col(d)));
        keys.add(col("checklist_item"));
        keys.add(col("item_present"));
        return byItem(outcomes)
                .groupBy(keys.toArray(Column[]::new)).agg(
                        sum("is_handoff").cast("long").as("handoffs"),
                        sum("m2o_eligible").cast("long").as("m2o_eligible"),
                        sum("m2o_converted").cast("long").as("m2o_converted"),
                        sum("has_opportunity").cast("long").as("opportunities"),
                        sum("is_won").cast("long").as("won"))
                .withColumn("m2o_rate", CohortMetrics.rate("m2o_converted", "m2o_eligible"))
                .orderBy(col("checklist_item"), col("item_present"));
    }
}
