package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Builds {@code dim_user} and {@code dim_account}: the SCD2 histories under analyst-facing names. Join them
 * point-in-time with {@code valid_from <= ts AND (valid_to IS NULL OR ts < valid_to)}.
 */
public final class Dimensions {
    private Dimensions() {
    }

    public static Dataset<Row> dimUser(Dataset<Row> userHistory) {
        return userHistory.select(col("user_id"), col("name"), col("sales_role"), col("manager_id"), col("region"),
                col("segment"), col("time_zone_sid_key").as("time_zone"), col("is_active"), col("valid_from"),
                col("valid_to"), col("is_current"), col("deleted_at"), col("change_source"));
    }

    public static Dataset<Row> dimAccount(Dataset<Row> accountHistory) {
        return accountHistory.select(col("account_id"), col("name"), col("owner_id"), col("billing_country"),
                col("number_of_employees"), col("created_date").as("created_at"), col("valid_from"), col("valid_to"),
                col("is_current"), col("deleted_at"), col("change_source"));
    }

    /** Each user's latest version: the state shown last, even for a user since deleted (then not current). */
    public static Dataset<Row> latest(Dataset<Row> dimUser) {
        return dimUser.withColumn("_rank", row_number().over(Window.partitionBy("user_id")
                        .orderBy(col("valid_from").desc())))
                .filter(col("_rank").equalTo(1)).drop("_rank");
    }
}
