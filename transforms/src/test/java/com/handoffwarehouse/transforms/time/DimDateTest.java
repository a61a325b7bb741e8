package com.handoffwarehouse.transforms.time;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.handoffwarehouse.transforms.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DimDateTest {
    private final SparkSession spark = SharedSpark.session();

    private static LocalDate local(Row r, String column) {
        return ((Date) r.getAs(column)).toLocalDate();
    }

    @Test
    void theTurnOfTheYearFallsInIsoWeek53OfTheOldYear() {
        List<Row> rows = DimDate.build(spark, LocalDate.of(2026, 12, 28), LocalDate.of(2027, 1, 10))
                .collectAsList();
        assertEquals(14, rows.size());
        Map<LocalDate, Row> byDate = new HashMap<>();
        rows.forEach(r -> byDate.put(local(r, DimDate.DATE), r));

        Row newYear = byDate.get(LocalDate.of(2027, 1, 1));
        assertEquals(2027, (int) newYear.getAs("year"));
        assertEquals(1, (int) newYear.getAs("quarter"));
        assertEquals(1, (int) newYear.getAs("month"));
        assertEquals("January", newYear.getAs("month_name"));
        assertEquals(2026, (int) newYear.getAs("iso_year"));
        assertEquals(53, (int) newYear.getAs("iso_week"));
        assertEquals(LocalDate.of(2026, 12, 28), local(newYear, "week_start"));
        assertEquals(5, (int) newYear.getAs("day_of_week"));
        assertEquals("Friday", newYear.getAs("day_name"));
        assertEquals(false, newYear.getAs("is_weekend"));

        Row sunday = byDate.get(LocalDate.of(2027, 1, 3));
        assertEquals(7, (int) sunday.getAs("day_of_week"));
        assertEquals(true, sunday.getAs("is_weekend"));
        assertEquals(53, (int) sunday.getAs("iso_week"));

        Row monday = byDate.get(LocalDate.of(2027, 1, 4));
        assertEquals(1, (int) monday.getAs("iso_week"));
        assertEquals(2027, (int) monday.getAs("iso_year"));
        assertEquals(LocalDate.of(2027, 1, 4), local(monday, "week_start"));
    }

    @Test
    void aLeapYearHas366RowsAndTheStandardColumns() {
        var leapYear = DimDate.build(spark, LocalDate.of(2028, 1, 1), LocalDate.of(2028, 12, 31));
        assertArrayEquals(new String[] {"date", "year", "quarter", "month", "month_name", "iso_year", "iso_week",
                "week_start", "day_of_week", "day_name", "is_weekend"}, leapYear.columns());
        assertEquals(366, leapYear.count());
        assertEquals(1, DimDate.build(spark, LocalDate.of(2028, 2, 29), LocalDate.of(2028, 2, 29)).count());
        assertThrows(IllegalArgumentException.class,
                () -> DimDate.build(spark, LocalDate.of(2028, 1, 2), LocalDate.of(2028, 1, 1)));
    }
}
