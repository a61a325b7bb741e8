package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code int_lead}: each lead's latest state with what its SDR did on it (DESIGN section 5, meeting booked
 * rate): the lead is SDR-worked when its SDR_Owner__c created at least one Task or Event on it, and has a meeting
 * when that SDR created an Event on it.
 */
public final class IntLead {
    private IntLead() {
    }

    public static Dataset<Row> build(Dataset<Row> stgLead, Dataset<Row> stgTask, Dataset<Row> stgEvent) {
        Dataset<Row> touches = stgTask.select(col("who_id").as("t_lead"), col("created_by_id").as("t_by"),
                        lit(false).as("is_meeting"))
                .unionByName(stgEvent.select(col("who_id").as("t_lead"), col("created_by_id").as("t_by"),
                        lit(true).as("is_meeting")))
                .groupBy("t_lead", "t_by").agg(max("is_meeting").as("t_meeting"));
        return stgLead
                .join(touches, col("lead_id").equalTo(col("t_lead")).and(col("sdr_owner").equalTo(col("t_by"))), "left")
                .withColumn("is_sdr_worked", col("t_lead").isNotNull())
                .withColumn("has_sdr_meeting", coalesce(col("t_meeting"), lit(false)))
                .drop("t_lead", "t_by", "t_meeting");
    }
}
