package com.handoffwarehouse.quality;

import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** raw_lead frames shaped like bronze: contract columns typed, an extra column as a string, the load columns. */
final class BronzeFixtures {
    private BronzeFixtures() {
    }

    static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "00Q" + i).toList();
    }

    static Dataset<Row> leads(SparkSession spark, LocalDate date, List<String> ids) {
        return leads(spark, date, ids, Map.of(), Map.of());
    }

    /** {@code types} retypes contract columns; {@code values} sets a column's value on the row of that index. */
    static Dataset<Row> leads(SparkSession spark, LocalDate date, List<String> ids, Map<String, DataType> types,
                              Map<Integer, Map<String, Object>> values) {
        StructType schema = new StructType();
        for (CrmColumn column : CrmObject.LEAD.requiredColumns()) {
            schema = schema.add(column.name(), types.getOrDefault(column.name(), column.type().sparkType()));
        }
        schema = schema.add("Business_Problem__c", DataTypes.StringType)
                .add(BronzeSuite.SNAPSHOT_DATE, DataTypes.DateType)
                .add("_source_file", DataTypes.StringType)
                .add("_row_number", DataTypes.LongType)
                .add("_ingested_at", DataTypes.TimestampType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> overrides = values.getOrDefault(i, Map.of());
            List<Object> row = new ArrayList<>();
            for (StructField field : schema.fields()) {
                String name = field.name();
                row.add(overrides.containsKey(name) ? overrides.get(name)
                        : name.equals("Id") ? ids.get(i)
                        : name.equals(BronzeSuite.SNAPSHOT_DATE) ? Date.valueOf(date)
                        : name.equals("_row_number") ? (long) i + 1
                        : sample(name, field.dataType()));
            }
            rows.add(RowFactory.create(row.toArray()));
        }
        return spark.createDataFrame(rows, schema);
    }

    private static Object sample(String column, DataType type) {
        if (type.equals(DataTypes.TimestampType)) {
            return Timestamp.valueOf("2026-08-20 10:00:00");
        } else if (type.equals(DataTypes.DateType)) {
            return Date.valueOf("2026-08-21");
        } else if (type.equals(DataTypes.BooleanType)) {
            return false;
        } else if (type.equals(DataTypes.IntegerType)) {
            return 250;
        } else if (type.equals(DataTypes.DoubleType)) {
            return 42.0;
        } else if (type instanceof DecimalType) {
            return new BigDecimal("1000.00");
        }
        return column.equals("NumberOfEmployees") ? "250" : column + "-value";
    }
}
