package com.handoffwarehouse.transforms.time;

import static org.apache.spark.sql.functions.col;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * When work happens (DESIGN section 5): one daily window of local wall-clock time, the same in every zone, on
 * the working days of the week, except the holidays of the row's region (the AE's Region__c). The window is
 * read in each row's own zone, so 09:00-17:00 means nine to five wherever the AE sits.
 *
 * @param workdayStart local time the window opens
 * @param workdayEnd   local time it closes, later than the start on the same day (no overnight shifts)
 * @param workingDays  days of the week that have a window
 * @param holidays     per region, local dates without a window; a region not listed has no holidays
 */
public record BusinessCalendar(LocalTime workdayStart, LocalTime workdayEnd, Set<DayOfWeek> workingDays,
                               Map<String, List<LocalDate>> holidays) {
    public static final String REGION = "region";
    public static final String HOLIDAY_DATE = "holiday_date";

    /** DESIGN's default: 09:00-17:00 Monday to Friday, no holidays. */
    public static final BusinessCalendar DEFAULT = new BusinessCalendar(LocalTime.of(9, 0), LocalTime.of(17, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Map.of());

    public BusinessCalendar {
        Objects.requireNonNull(workdayStart, "workdayStart");
        Objects.requireNonNull(workdayEnd, "workdayEnd");
        if (!workdayEnd.isAfter(workdayStart)) {
            throw new IllegalArgumentException("workday end " + workdayEnd + " must be later than its start "
                    + workdayStart);
        }
        if (workingDays == null || workingDays.isEmpty()) {
            throw new IllegalArgumentException("at least one working day is needed");
        }
        workingDays = Set.copyOf(workingDays);
        holidays = Objects.requireNonNull(holidays, "holidays").entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /** The calendar as text that is the same for the same calendar in every JVM (sets and maps sorted). */
    public String canonical() {
        return workdayStart + "-" + workdayEnd + " " + workingDays.stream().sorted().toList() + " "
                + new java.util.TreeMap<>(holidays).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().stream().sorted().toList()).toList();
    }

    /** Length of one full working window. */
    public Duration workdayLength() {
        return Duration.between(workdayStart, workdayEnd);
    }

    /**
     * The holidays as rows (region STRING, holiday_date DATE), one per region and date, small enough to
     * broadcast to every task.
     */
    public Dataset<Row> holidayFrame(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        holidays.forEach((region, dates) -> dates.forEach(d -> rows.add(RowFactory.create(region, d.toString()))));
        StructType schema = new StructType()
                .add(REGION, DataTypes.StringType, false)
                .add(HOLIDAY_DATE, DataTypes.StringType, false);
        // ISO strings cast to DATE keep the frame independent of the JVM and session time zones.
        return spark.createDataFrame(rows, schema)
                .select(col(REGION), col(HOLIDAY_DATE).cast(DataTypes.DateType).as(HOLIDAY_DATE))
                .distinct();
    }

    /**
     * Most holidays of any one region that fall on a working day: the most working days that holidays can take
     * out of any stretch of time, which bounds how far a due time can be pushed.
     */
    int maxWorkingHolidaysPerRegion() {
        return holidays.values().stream()
                .mapToInt(dates -> (int) dates.stream().distinct()
                        .filter(d -> workingDays.contains(d.getDayOfWeek())).count())
                .max().orElse(0);
    }
}
