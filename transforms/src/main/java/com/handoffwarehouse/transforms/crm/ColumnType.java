package com.handoffwarehouse.transforms.crm;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The types a contract column is parsed into on its way to bronze. */
public enum ColumnType {
    STRING(DataTypes.StringType, null),
    TIMESTAMP(DataTypes.TimestampType, "unparseable_timestamp"),
    DATE(DataTypes.DateType, "unparseable_date"),
    BOOLEAN(DataTypes.BooleanType, "unparseable_boolean"),
    INTEGER(DataTypes.IntegerType, "unparseable_number"),
    DOUBLE(DataTypes.DoubleType, "unparseable_number"),
    DECIMAL(DataTypes.createDecimalType(18, 2), "unparseable_number");

    private final DataType sparkType;
    private final String parseRule;

    ColumnType(DataType sparkType, String parseRule) {
        this.sparkType = sparkType;
        this.parseRule = parseRule;
    }

    public DataType sparkType() {
        return sparkType;
    }

    /** The quarantine rule a value that fails to parse breaks; null for strings, which always parse. */
    public String parseRule() {
        return parseRule;
    }
}
