package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.intermediate.Territory;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code dim_lead}: one row per lead as it stands now, with the territory the routing rules judge it by
 * (region, segment), its direction (inbound when its LeadSource is one of the configured inbound sources) and
 * its SDR's work on it.
 */
public final class DimLead {
    private DimLead() {
    }

    public static Dataset<Row> build(Dataset<Row> intLead, Territory territory, List<String> inboundSources) {
        return territory.classify(intLead, "country", "number_of_employees", "")
                .withColumnRenamed("sdr_owner", "sdr_id")
                .withColumnRenamed("created_date", "created_at")
                .withColumn("lead_direction", when(col("lead_source").isin(inboundSources.toArray()), lit("inbound"))
                        .otherwise(lit("outbound")));
    }
}
