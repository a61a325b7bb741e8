package com.handoffwarehouse.quality;

import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The {@code quality_results} table: one row per constraint checked in a run. */
public final class QualityResults {
    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("snapshot_date", DataTypes.DateType, false)
            .add("table_name", DataTypes.StringType, false)
            .add("check_name", DataTypes.StringType, false)
            .add("constraint", DataTypes.StringType, true)
            .add("level", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("message", DataTypes.StringType, true)
            .add("metric_value", DataTypes.DoubleType, true);

    private QualityResults() {
    }

    public static Dataset<Row> frame(SparkSession spark, String runId, List<CheckOutcome> outcomes) {
        List<Row> rows = outcomes.stream()
                .map(o -> RowFactory.create(runId, Date.valueOf(o.snapshotDate()), o.tableName(), o.checkName(),
                        o.constraint(), o.level().label(), o.status(), o.message(), o.metricValue()))
                .toList();
        return spark.createDataFrame(rows, SCHEMA);
    }
}
