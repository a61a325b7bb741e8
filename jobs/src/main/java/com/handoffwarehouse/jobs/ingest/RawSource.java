package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.lit;

import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Where CRM extracts come from: snapshot folders on disk or a database read over JDBC. */
public interface RawSource {
    /** The snapshot dates this source offers, ascending. */
    List<LocalDate> dates();

    /** One object's extract for one date, or empty when the source has none (allowed for optional objects). */
    Optional<RawExtract> read(SparkSession spark, CrmObject object, LocalDate date);

    /**
     * One object's extracts of several dates (as {@link #read} gave them) as one frame, each row with its
     * {@code snapshot_date}: the rows of every extract, by column name (a column an extract lacks is null). A
     * source may read them in fewer scans than one per extract, with the same rows.
     */
    default Dataset<Row> together(SparkSession spark, CrmObject object, Map<LocalDate, RawExtract> byDate) {
        Dataset<Row> all = null;
        for (Map.Entry<LocalDate, RawExtract> e : byDate.entrySet()) {
            Dataset<Row> rows = e.getValue().rows().withColumn(Bronze.SNAPSHOT_DATE, lit(Date.valueOf(e.getKey())));
            all = all == null ? rows : all.unionByName(rows, true);
        }
        return all;
    }

    /** How the run log and messages name this source, with no secrets in it. */
    String describe();
}
