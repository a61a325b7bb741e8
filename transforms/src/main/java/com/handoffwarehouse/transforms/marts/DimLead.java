package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.intermediate.Territory;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code dim_lead}: one row per lead as it stands now, with the territory the routing rules judge it by
 * (region, segment), its direction (inbound when its LeadSource is one of the configured inbound sources) and
 * its SDR's work on it, and the person's name ({@value #LEAD_NAME}) beside the company.
 */
public final class DimLead {
    /** The lead's person: Lead.Name when the export carries it, else FirstName and LastName; null when none does. */
    public static final String LEAD_NAME = "lead_name";

    private DimLead() {
    }

    private static Column leadName(Dataset<Row> lead) {
        java.util.Set<String> columns = java.util.Set.of(lead.columns());
        if (columns.contains("name")) {
            return blankAsNull(col("name"));
        }
        List<Column> parts = new java.util.ArrayList<>();
        for (String part : List.of("first_name", "last_name")) {
            if (columns.contains(part)) {
                parts.add(col(part));
            }
        }
        return parts.isEmpty() ? lit(null).cast("string")
                : blankAsNull(concat_ws(" ", parts.toArray(Column[]::new)));
    }

    private static Column blankAsNull(Column text) {
        return when(trim(text).notEqual(""), trim(text));
    }

    public static Dataset<Row> build(Dataset<Row> intLead, Territory territory, List<String> inboundSources) {
        return territory.classify(intLead, "country", "number_of_employees", "")
                .withColumn(LEAD_NAME, leadName(intLead))
                .withColumnRenamed("sdr_owner", "sdr_id")
                .withColumnRenamed("created_date", "created_at")
                .withColumn("lead_direction", when(col("lead_source").isin(inboundSources.toArray()), lit("inbound"))
                        .otherwise(lit("outbound")));
    }
}
