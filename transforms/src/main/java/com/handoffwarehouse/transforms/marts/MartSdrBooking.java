package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.intermediate.Territory;
import java.util.List;
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

    public static Dataset<Row> build(Dataset<Row> stgLead, Dataset<Row> stgTask, Dataset<Row> stgEvent,
                                     Dataset<Row> stgUser, Territory territory, List<String> inboundSources) {
        Dataset<Row> taskTouches = stgTask.select(col("who_id").as("t_lead"), col("created_by_id").as("t_by"),
                lit(0).as("is_meeting"));
        Dataset<Row> eventTouches = stgEvent.select(col("who_id").as("t_lead"), col("created_by_id").as("t_by"),
                lit(1).as("is_meeting"));
        Dataset<Row> bySdr = taskTouches.unionByName(eventTouches).groupBy("t_lead", "t_by")
                .agg(max("is_meeting").as("booked"));
        Dataset<Row> sdrs = stgUser.select(col("user_id").as("s_id"), col("time_zone_sid_key").as("s_zone"),
                col("manager_id"));
        Dataset<Row> leads = territory.classify(stgLead.filter(col("sdr_owner").isNotNull()), "country",
                "number_of_employees", "");
        return leads
                .join(bySdr, col("lead_id").equalTo(col("t_lead")).and(col("sdr_owner").equalTo(col("t_by"))), "left")
                .join(broadcast(sdrs), col("sdr_owner").equalTo(col("s_id")), "left")
                .withColumn("week", date_trunc("week", to_date(from_utc_timestamp(col("created_date"),
                        coalesce(col("s_zone"), lit("UTC"))))).cast("date"))
                .withColumn("sdr_id", col("sdr_owner"))
                .withColumn("ae_id", lit(null).cast("string"))
                .withColumn("lead_direction", when(col("lead_source").isin(inboundSources.toArray()), lit("inbound"))
                        .otherwise(lit("outbound")))
                .groupBy("week", "ae_id", "sdr_id", "manager_id", "region", "segment", "lead_source", "lead_direction")
                .agg(sum(when(col("t_lead").isNotNull(), 1).otherwise(0)).cast("long").as("sdr_worked_leads"),
                        sum(when(col("booked").equalTo(1), 1).otherwise(0)).cast("long").as("leads_with_meeting"))
                .orderBy("week", "sdr_id");
    }
}
