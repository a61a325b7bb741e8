package com.handoffwarehouse.jobs.catalog;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One-column tables whose rows tell their versions apart. */
final class TestTables {
    private TestTables() {
    }

    static Dataset<Row> ids(SparkSession spark, long... ids) {
        List<Row> rows = Arrays.stream(ids).mapToObj(i -> RowFactory.create(i)).toList();
        return spark.createDataFrame(rows, new StructType().add("id", DataTypes.LongType, false));
    }

    static List<Long> idsOf(Dataset<Row> table) {
        return table.orderBy("id").collectAsList().stream().map(r -> r.getLong(0)).toList();
    }
}
