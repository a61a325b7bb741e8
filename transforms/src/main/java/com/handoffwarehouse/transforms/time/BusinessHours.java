package com.handoffwarehouse.transforms.time;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.weekday;
import static org.apache.spark.sql.functions.when;

import java.time.LocalTime;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * SLA clocks in business hours (DESIGN sections 4 and 5): how much working time lies between two instants, and
 * when a given amount of working time after an instant has elapsed, both in each row's own IANA zone (the AE's
 * TimeZoneSidKey) and against its region's holidays.
 *
 * <p>Each row is spread over the local calendar days it touches; a working day's window is its local opening
 * and closing time turned into instants with the zone's rules, so a day that changes clocks counts the time that
 * really elapsed, and the UTC offset can differ between the two ends of a span. Days are then summed back per
 * row with a window over a row id (one shuffle). Every computation is on epoch microseconds and on dates, never on the session time zone, so the result
 * does not depend on {@code spark.sql.session.timeZone}.
 *
 * <p>Both functions keep every input row exactly once (duplicates and rows with nulls included) with its
 * columns, types, nullability and column order, and add or replace one column; row order is not kept. An unknown zone
 * name fails the query; a null zone gives a null result.
 */
public final class BusinessHours {
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final double MICROS_PER_HOUR = 3_600_000_000d;

    private static final String ID = "__bh_id";
    private static final String START = "__bh_start";
    private static final String END = "__bh_end";
    private static final String NEED = "__bh_need";
    private static final String ZONE = "__bh_zone";
    private static final String REGION = "__bh_region";
    private static final String DAY = "__bh_day";
    private static final String OPENS = "__bh_opens";
    private static final String CLOSES = "__bh_closes";
    private static final String WORKING = "__bh_working";
    private static final String AVAILABLE = "__bh_available";
    private static final String UP_TO_DAY = "__bh_up_to_day";
    private static final String OUT = "__bh_out";
    private static final String DAY_NO = "__bh_day_no";
    private static final String HOLIDAY_REGION = "__bh_holiday_region";
    private static final String HOLIDAY_DATE = "__bh_holiday_date";

    private static final WindowSpec BY_DAY = Window.partitionBy(ID).orderBy(DAY);
    private static final WindowSpec WHOLE_ROW = BY_DAY.rowsBetween(Window.unboundedPreceding(),
            Window.unboundedFollowing());

    private BusinessHours() {
    }

    /**
     * Adds {@code outCol} (DOUBLE): the working hours between {@code startCol} and {@code endCol} (TIMESTAMP
     * instants), counting only time inside the calendar's window, on its working days, outside the holidays of
     * the row's region. Null when either end is null; 0 when the end is not after the start.
     *
     * @param zoneCol   IANA zone id per row, e.g. America/New_York
     * @param regionCol region per row, the key of the calendar's holiday lists; null means no holidays
     */
    public static Dataset<Row> withBusinessHours(Dataset<Row> df, String startCol, String endCol, String zoneCol,
                                                 String regionCol, BusinessCalendar cal, String outCol) {
        Dataset<Row> keyed = keyed(df, zoneCol, regionCol).withColumn(START, unix_micros(col(startCol)))
                .withColumn(END, unix_micros(col(endCol)));
        Column firstDay = localDay(col(START));
        Column lastDay = greatest(firstDay, localDay(col(END)));
        Dataset<Row> days = workingWindows(keyed.withColumn(DAY, explode_outer(sequence(firstDay, lastDay))), cal);

        Column overlap = greatest(lit(0L), least(col(END), col(CLOSES)).minus(greatest(col(START), col(OPENS))));
        // A day of unknown kind (null zone) leaves the sum null instead of counting as a day off.
        Column worked = when(col(WORKING), overlap).when(col(WORKING).isNotNull(), lit(0L));
        Column hours = when(col(START).isNull().or(col(END).isNull()), lit(null))
                .when(col(END).leq(col(START)), lit(0.0))
                .otherwise(sum(worked).over(WHOLE_ROW).divide(MICROS_PER_HOUR));
        return backToInputRows(days, hours.cast(DataTypes.DoubleType), outCol);
    }

    /**
     * Adds {@code outCol} (TIMESTAMP): the earliest instant at which {@code hoursCol} business hours after
     * {@code startCol} have elapsed, the SLA due time. A start outside working time starts the clock at the next
     * opening; 0 hours is due at the start itself. Null when the start or the hours are null, or the hours are
     * negative. Inverse of {@link #withBusinessHours}: the business hours from the start to the due time are
     * the hours asked for (to the microsecond).
     *
     * <p>The due day is searched among the {@code 7 * ceil((ceil(hours / workday length) + 2 + H) / W)} local
     * days from the start's, where W is the number of working days a week and H the most holidays on working
     * days that any one region has. Any 7m consecutive days hold m*W working days, at most H of them holidays,
     * so these days hold at least ceil(hours / workday length) + 2 working days: enough full windows, plus one
     * for a start late on its day and one for a window shortened by a clock change.
     */
    public static Dataset<Row> withBusinessDeadline(Dataset<Row> df, String startCol, String hoursCol,
                                                    String zoneCol, String regionCol, BusinessCalendar cal,
                                                    String outCol) {
        Column needMicros = round(col(hoursCol).cast(DataTypes.DoubleType).multiply(MICROS_PER_HOUR))
                .cast(DataTypes.LongType);
        Dataset<Row> keyed = keyed(df, zoneCol, regionCol).withColumn(START, unix_micros(col(startCol)))
                .withColumn(NEED, needMicros);
        Column firstDay = localDay(col(START));
        Column lastDay = firstDay.plus(searchedDays(col(NEED), cal)).minus(1).cast(DataTypes.IntegerType);
        Dataset<Row> days = workingWindows(keyed.withColumn(DAY, explode_outer(sequence(firstDay, lastDay))), cal);

        Column available = when(col(WORKING),
                greatest(lit(0L), col(CLOSES).minus(greatest(col(START), col(OPENS))))).otherwise(lit(0L));
        Column upToDay = sum(col(AVAILABLE)).over(BY_DAY.rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
        Column beforeDay = col(UP_TO_DAY).minus(col(AVAILABLE));
        // Only the day on which the running total crosses the need has a value; time runs linearly inside it.
        Column dueOnDay = when(beforeDay.lt(col(NEED)).and(col(UP_TO_DAY).geq(col(NEED))),
                greatest(col(START), col(OPENS)).plus(col(NEED).minus(beforeDay)));
        Dataset<Row> running = days.withColumn(AVAILABLE, available).withColumn(UP_TO_DAY, upToDay);

        Column due = when(col(NEED).equalTo(0L), col(START))
                .when(col(NEED).gt(0L), max(dueOnDay).over(WHOLE_ROW));
        return backToInputRows(running, timestamp_micros(due), outCol);
    }

    /**
     * The input with a row id, so that its per-day rows can be told apart from those of an identical row. The
     * id never leaves this plan, so its dependence on partitioning does not matter.
     */
    private static Dataset<Row> keyed(Dataset<Row> df, String zoneCol, String regionCol) {
        return df.withColumn(ID, monotonically_increasing_id())
                .withColumn(ZONE, col(zoneCol))
                .withColumn(REGION, col(regionCol));
    }

    /**
     * One row per input row again: the per-day rows carry the input columns untouched (types, nullability and
     * order), so keeping each row's first day is enough; {@code value} is computed over all its days first.
     */
    private static Dataset<Row> backToInputRows(Dataset<Row> days, Column value, String outCol) {
        return days.withColumn(OUT, value)
                .withColumn(DAY_NO, row_number().over(BY_DAY))
                .filter(col(DAY_NO).equalTo(1))
                .withColumn(outCol, col(OUT))
                .drop(ID, ZONE, REGION, START, END, NEED, DAY, OPENS, CLOSES, WORKING, AVAILABLE, UP_TO_DAY, OUT,
                        DAY_NO);
    }

    /**
     * Adds, per local day {@code DAY} (days since 1970-01-01): the instants its window opens and closes in the
     * row's zone, and whether it is a working day outside the row's region's holidays (null when the day is).
     */
    private static Dataset<Row> workingWindows(Dataset<Row> days, BusinessCalendar cal) {
        Column date = date_from_unix_date(col(DAY));
        Column midnight = col(DAY).cast(DataTypes.LongType).multiply(MICROS_PER_DAY);
        Object[] workingWeekdays = cal.workingDays().stream().map(d -> d.getValue() - 1).toArray();
        Dataset<Row> holidays = cal.holidayFrame(days.sparkSession()).select(
                col(BusinessCalendar.REGION).as(HOLIDAY_REGION), col(BusinessCalendar.HOLIDAY_DATE).as(HOLIDAY_DATE));
        return days
                .join(broadcast(holidays), col(REGION).equalTo(col(HOLIDAY_REGION))
                        .and(date.equalTo(col(HOLIDAY_DATE))), "left")
                .withColumn(OPENS, instantOfLocal(midnight.plus(microsOfDay(cal.workdayStart()))))
                .withColumn(CLOSES, instantOfLocal(midnight.plus(microsOfDay(cal.workdayEnd()))))
                .withColumn(WORKING, weekday(date).isin(workingWeekdays).and(col(HOLIDAY_DATE).isNull()))
                .drop(HOLIDAY_REGION, HOLIDAY_DATE);
    }

    /** The local date (days since 1970-01-01) on which an instant (epoch micros) falls in the row's zone. */
    private static Column localDay(Column instantMicros) {
        Column wallMicros = unix_micros(from_utc_timestamp(timestamp_micros(instantMicros), col(ZONE)));
        Column floorDays = wallMicros.minus(pmod(wallMicros, lit(MICROS_PER_DAY))).divide(MICROS_PER_DAY);
        return floorDays.cast(DataTypes.IntegerType);
    }

    /**
     * The instant (epoch micros) of a local wall-clock time (micros since local 1970-01-01T00:00) in the row's
     * zone; a time skipped by a clock change moves forward by the gap and a repeated one takes the earlier
     * occurrence, as java.time does.
     */
    private static Column instantOfLocal(Column wallMicros) {
        return unix_micros(to_utc_timestamp(timestamp_micros(wallMicros), col(ZONE)));
    }

    private static Column searchedDays(Column needMicros, BusinessCalendar cal) {
        long workdayMicros = cal.workdayLength().toNanos() / 1_000;
        Column workingDaysNeeded = ceil(greatest(needMicros, lit(0L)).divide(workdayMicros))
                .plus(2 + cal.maxWorkingHolidaysPerRegion());
        return ceil(workingDaysNeeded.divide(cal.workingDays().size())).multiply(7);
    }

    private static long microsOfDay(LocalTime time) {
        return time.toNanoOfDay() / 1_000;
    }
}
