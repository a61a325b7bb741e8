package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_sdr_booking}: per SDR and lead-created week (in the SDR's zone), the SDR-worked leads
 * (SDR_Owner__c set and at least one Task or Event the SDR created on the lead) and those with a meeting the
 * SDR booked (an Event the SDR created on the lead).
 */
public final class MartSdrBooking {
    private MartSdrBooking() {
    }

    public static Dataset<Row> build(Dataset<Row> dimLead, Dataset<Row> dimUser) {
        Dataset<Row> sdrs = Dimensions.latest(dimUser).select(col("user_id").as("s_id"), col("time_zone").as("s_zone"),
                col("manager_id"));
        return dimLead.filter(col("sdr_id").isNotNull())
                .join(broadcast(sdrs), col("sdr_id").equalTo(col("s_id")), "left")
                .withColumn("week", date_trunc("week", to_date(from_utc_timestamp(col("created_at"),
                        coalesce(col("s_zone"), lit("UTC"))))).cast("date"))
                .withColumn("ae_id", lit(null).cast("string"))
                .groupBy("week", "ae_id", "sdr_id", "manager_id", "region", "segment", "lead_source", "lead_direction")
                .agg(sum(when(col("is_sdr_worked"), 1).otherwise(0)).cast("long").as("sdr_worked_leads"),
                        sum(when(col("has_sdr_meeting"), 1).otherwise(0)).cast("long").as("leads_with_meeting"))
                .orderBy("week", "sdr_id");
    }
}
