package com.handoffwarehouse.transforms.time;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.extract;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.weekday;
import static org.apache.spark.sql.functions.weekofyear;
import static org.apache.spark.sql.functions.year;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code dim_date}: one row per calendar day, the attributes analysts slice by. Weeks are ISO weeks (start on
 * Monday, week 1 holds the year's first Thursday), so {@code iso_year} can differ from {@code year} around New
 * Year; {@code day_of_week} is ISO too (1 = Monday .. 7 = Sunday).
 */
public final class DimDate {
    public static final String DATE = "date";

    private DimDate() {
    }

    /** Every day from {@code first} to {@code last}, both included. */
    public static Dataset<Row> build(SparkSession spark, LocalDate first, LocalDate last) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("dim_date range ends (" + last + ") before it starts (" + first + ")");
        }
        Column date = col(DATE);
        Column mondayBased = weekday(date);
        return spark.range(ChronoUnit.DAYS.between(first, last) + 1)
                .select(date_from_unix_date(col("id").plus(first.toEpochDay()).cast(DataTypes.IntegerType)).as(DATE))
                .select(date,
                        year(date).as("year"),
                        quarter(date).as("quarter"),
                        month(date).as("month"),
                        date_format(date, "MMMM").as("month_name"),
                        extract(lit("YEAROFWEEK"), date).as("iso_year"),
                        weekofyear(date).as("iso_week"),
                        date_sub(date, mondayBased).as("week_start"),
                        mondayBased.plus(1).as("day_of_week"),
                        date_format(date, "EEEE").as("day_name"),
                        mondayBased.geq(5).as("is_weekend"));
    }
}
