package com.handoffwarehouse.transforms.time;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {
    private final SparkSession spark = SharedSpark.session();

    private static final StructType SPANS = new StructType()
            .add("id", DataTypes.StringType)
            .add("start_at", DataTypes.TimestampType)
            .add("end_at", DataTypes.TimestampType)
            .add("zone", DataTypes.StringType)
            .add("region", DataTypes.StringType);

    private static final StructType STARTS = new StructType()
            .add("id", DataTypes.StringType)
            .add("start_at", DataTypes.TimestampType)
            .add("hours", DataTypes.DoubleType)
            .add("zone", DataTypes.StringType)
            .add("region", DataTypes.StringType);

    private static final String NY = "America/New_York";
    private static final BusinessCalendar NINE_TO_FIVE = BusinessCalendar.DEFAULT;
    private static final BusinessCalendar ROUND_THE_CLOCK = new BusinessCalendar(LocalTime.MIDNIGHT,
            LocalTime.of(23, 0), EnumSet.allOf(DayOfWeek.class), Map.of());

    private static Timestamp at(String isoWithOffset) {
        return isoWithOffset == null ? null : Timestamp.from(OffsetDateTime.parse(isoWithOffset).toInstant());
    }

    private static Row span(String id, String start, String end, String zone, String region) {
        return RowFactory.create(id, at(start), at(end), zone, region);
    }

    private static Row due(String id, String start, Double hours, String zone, String region) {
        return RowFactory.create(id, at(start), hours, zone, region);
    }

    private Map<String, Double> hours(BusinessCalendar cal, Row... spans) {
        Map<String, Double> out = new HashMap<>();
        BusinessHours.withBusinessHours(spark.createDataFrame(List.of(spans), SPANS), "start_at", "end_at", "zone",
                        "region", cal, "business_hours")
                .collectAsList().forEach(r -> out.put(r.getAs("id"), r.getAs("business_hours")));
        return out;
    }

    private Map<String, Instant> deadlines(BusinessCalendar cal, Row... starts) {
        Map<String, Instant> out = new HashMap<>();
        BusinessHours.withBusinessDeadline(spark.createDataFrame(List.of(starts), STARTS), "start_at", "hours",
                        "zone", "region", cal, "due_at")
                .collectAsList().forEach(r -> {
                    Timestamp t = r.getAs("due_at");
                    out.put(r.getAs("id"), t == null ? null : t.toInstant());
                });
        return out;
    }

    private static Instant instant(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toInstant();
    }

    @Test
    void aWeekendInsideASpanCountsNothing() {
        Map<String, Double> h = hours(NINE_TO_FIVE,
                span("fri-mon", "2026-10-16T15:00-04:00", "2026-10-19T11:00-04:00", NY, "NA"));
        assertEquals(4.0, h.get("fri-mon"), 1e-9);
    }

    @Test
    void aHolidayCountsOnlyInTheRegionThatHasIt() {
        BusinessCalendar cal = new BusinessCalendar(LocalTime.of(9, 0), LocalTime.of(17, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Map.of("NA", List.of(LocalDate.of(2026, 10, 19))));
        Map<String, Double> h = hours(cal,
                span("na", "2026-10-16T15:00-04:00", "2026-10-20T11:00-04:00", NY, "NA"),
                span("emea", "2026-10-16T15:00-04:00", "2026-10-20T11:00-04:00", NY, "EMEA"),
                span("none", "2026-10-16T15:00-04:00", "2026-10-20T11:00-04:00", NY, null));
        assertEquals(4.0, h.get("na"), 1e-9);
        assertEquals(12.0, h.get("emea"), 1e-9);
        assertEquals(12.0, h.get("none"), 1e-9);
    }

    @Test
    void spansOverAClockChangeCountTheTimeThatElapsed() {
        Map<String, Double> weekdays = hours(NINE_TO_FIVE,
                // Friday is on summer time, Monday on winter time: a fixed offset would give 9 hours.
                span("ny", "2026-10-30T10:00-04:00", "2026-11-02T10:00-05:00", NY, "NA"),
                span("berlin", "2026-10-23T10:00+02:00", "2026-10-26T10:00+01:00", "Europe/Berlin", "EMEA"));
        assertEquals(8.0, weekdays.get("ny"), 1e-9);
        assertEquals(8.0, weekdays.get("berlin"), 1e-9);

        Map<String, Double> clockChangeDays = hours(ROUND_THE_CLOCK,
                span("ny-autumn", "2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", NY, "NA"),
                span("berlin-autumn", "2026-10-25T00:00+02:00", "2026-10-26T00:00+01:00", "Europe/Berlin", "EMEA"),
                span("ny-spring", "2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", NY, "NA"));
        // 00:00-23:00 on a 25-hour day is 24 elapsed hours, on a 23-hour day 22.
        assertEquals(24.0, clockChangeDays.get("ny-autumn"), 1e-9);
        assertEquals(24.0, clockChangeDays.get("berlin-autumn"), 1e-9);
        assertEquals(22.0, clockChangeDays.get("ny-spring"), 1e-9);
    }

    @Test
    void theSameInstantsGiveDifferentHoursInDifferentZones() {
        Map<String, Double> h = hours(NINE_TO_FIVE,
                span("ny", "2026-09-14T13:00Z", "2026-09-14T23:00Z", NY, "NA"),
                span("berlin", "2026-09-14T13:00Z", "2026-09-14T23:00Z", "Europe/Berlin", "EMEA"),
                span("tokyo", "2026-09-14T13:00Z", "2026-09-14T23:00Z", "Asia/Tokyo", "APAC"));
        assertEquals(8.0, h.get("ny"), 1e-9);
        assertEquals(2.0, h.get("berlin"), 1e-9);
        assertEquals(0.0, h.get("tokyo"), 1e-9);
    }

    @Test
    void aStartOutsideWorkingHoursWaitsForTheNextOpening() {
        Map<String, Double> h = hours(NINE_TO_FIVE,
                span("early", "2026-10-19T06:00-04:00", "2026-10-19T12:00-04:00", NY, "NA"),
                span("saturday", "2026-10-17T10:00-04:00", "2026-10-19T10:00-04:00", NY, "NA"),
                span("evening", "2026-10-19T18:00-04:00", "2026-10-20T10:30-04:00", NY, "NA"),
                span("night-only", "2026-10-19T18:00-04:00", "2026-10-20T08:00-04:00", NY, "NA"));
        assertEquals(3.0, h.get("early"), 1e-9);
        assertEquals(1.0, h.get("saturday"), 1e-9);
        assertEquals(1.5, h.get("evening"), 1e-9);
        assertEquals(0.0, h.get("night-only"), 1e-9);
    }

    @Test
    void aConfiguredWorkingWeekAndWindowAreUsed() {
        BusinessCalendar sundayToThursday = new BusinessCalendar(LocalTime.of(8, 0), LocalTime.of(16, 0),
                EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY), Map.of());
        Map<String, Double> h = hours(sundayToThursday,
                span("dubai", "2026-10-16T12:00+04:00", "2026-10-18T10:00+04:00", "Asia/Dubai", "EMEA"));
        assertEquals(2.0, h.get("dubai"), 1e-9);
    }

    @Test
    void anEndNotAfterTheStartIsZeroAndAMissingEndOrZoneIsNull() {
        Map<String, Double> h = hours(NINE_TO_FIVE,
                span("backwards", "2026-10-20T12:00-04:00", "2026-10-19T10:00-04:00", NY, "NA"),
                span("empty", "2026-10-20T12:00-04:00", "2026-10-20T12:00-04:00", NY, "NA"),
                span("open", "2026-10-20T12:00-04:00", null, NY, "NA"),
                span("no-start", null, "2026-10-20T12:00-04:00", NY, "NA"),
                span("no-zone", "2026-10-19T12:00-04:00", "2026-10-20T12:00-04:00", null, "NA"));
        assertEquals(5, h.size());
        assertEquals(0.0, h.get("backwards"));
        assertEquals(0.0, h.get("empty"));
        assertNull(h.get("open"));
        assertNull(h.get("no-start"));
        assertNull(h.get("no-zone"));
    }

    @Test
    void everyInputRowIsKeptOnceWithItsColumns() {
        StructType wide = new StructType()
                .add("lead_id", DataTypes.StringType)
                .add("submitted_at", DataTypes.TimestampType)
                .add("accepted_at", DataTypes.TimestampType)
                .add("tz", DataTypes.StringType)
                .add("region", DataTypes.StringType)
                .add("handoff_seq", DataTypes.IntegerType, false)
                .add("missing_items", DataTypes.createArrayType(DataTypes.StringType));
        Row twin = RowFactory.create("L1", at("2026-10-19T09:00-04:00"), at("2026-10-19T11:00-04:00"), NY, "NA", 1,
                List.of("why_now").toArray());
        Row open = RowFactory.create("L2", at("2026-10-19T09:00-04:00"), null, NY, "NA", 2, null);
        Dataset<Row> in = spark.createDataFrame(List.of(twin, twin, open), wide);

        Dataset<Row> out = BusinessHours.withBusinessHours(in, "submitted_at", "accepted_at", "tz", "region",
                NINE_TO_FIVE, "business_hours_to_accept");
        assertEquals(in.schema().add("business_hours_to_accept", DataTypes.DoubleType), out.schema());
        List<Row> rows = out.orderBy("lead_id").collectAsList();
        assertEquals(3, rows.size());
        assertEquals(2.0, (Double) rows.get(0).getAs("business_hours_to_accept"), 1e-9);
        assertEquals(2.0, (Double) rows.get(1).getAs("business_hours_to_accept"), 1e-9);
        assertEquals(List.of("why_now"), rows.get(1).getList(6));
        assertNull(rows.get(2).getAs("business_hours_to_accept"));

        Dataset<Row> replaced = BusinessHours.withBusinessHours(out, "submitted_at", "accepted_at", "tz", "region",
                ROUND_THE_CLOCK, "business_hours_to_accept");
        assertArrayEquals(out.columns(), replaced.columns());
        assertEquals(0, BusinessHours.withBusinessHours(in.limit(0), "submitted_at", "accepted_at", "tz", "region",
                NINE_TO_FIVE, "x").count());
    }

    @Test
    void aFridayAfternoonHandoffIsDueOnMonday() {
        BusinessCalendar mondayOff = new BusinessCalendar(LocalTime.of(9, 0), LocalTime.of(17, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Map.of("NA", List.of(LocalDate.of(2026, 10, 19))));
        Map<String, Instant> due = deadlines(mondayOff,
                due("friday", "2026-10-16T16:00-04:00", 8.0, NY, "EMEA"),
                due("holiday", "2026-10-16T16:00-04:00", 8.0, NY, "NA"),
                due("whole-day", "2026-10-16T09:00-04:00", 8.0, NY, "EMEA"),
                due("weekend", "2026-10-17T13:00-04:00", 1.0, NY, "EMEA"),
                due("clock-change", "2026-10-30T16:00-04:00", 8.0, NY, "EMEA"),
                due("zero", "2026-10-17T13:00-04:00", 0.0, NY, "EMEA"),
                due("negative", "2026-10-17T13:00-04:00", -1.0, NY, "EMEA"),
                due("no-hours", "2026-10-17T13:00-04:00", null, NY, "EMEA"),
                due("no-start", null, 8.0, NY, "EMEA"));
        assertEquals(9, due.size());
        assertEquals(instant("2026-10-19T16:00-04:00"), due.get("friday"));
        assertEquals(instant("2026-10-20T16:00-04:00"), due.get("holiday"));
        assertEquals(instant("2026-10-16T17:00-04:00"), due.get("whole-day"));
        assertEquals(instant("2026-10-19T10:00-04:00"), due.get("weekend"));
        assertEquals(instant("2026-11-02T16:00-05:00"), due.get("clock-change"));
        assertEquals(instant("2026-10-17T13:00-04:00"), due.get("zero"));
        assertNull(due.get("negative"));
        assertNull(due.get("no-hours"));
        assertNull(due.get("no-start"));
    }

    @Test
    void aDueTimeIsFoundPastARunOfHolidays() {
        List<LocalDate> fortnightOff = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 12, 21); d.isBefore(LocalDate.of(2027, 1, 5)); d = d.plusDays(1)) {
            fortnightOff.add(d);
        }
        BusinessCalendar mondaysOnly = new BusinessCalendar(LocalTime.of(9, 0), LocalTime.of(17, 0),
                EnumSet.of(DayOfWeek.MONDAY), Map.of("EMEA", fortnightOff));
        Map<String, Instant> due = deadlines(mondaysOnly,
                due("x", "2026-12-18T12:00Z", 16.0, "Europe/London", "EMEA"));
        // Mondays 21 Dec and 28 Dec and 4 Jan are holidays: 11 Jan and 18 Jan are the two working days.
        assertEquals(instant("2027-01-18T17:00Z"), due.get("x"));
    }

    @Test
    void theCalendarRejectsAnEmptyOrReversedWindowAndListsHolidaysOncePerRegion() {
        Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        assertThrows(IllegalArgumentException.class,
                () -> new BusinessCalendar(LocalTime.of(17, 0), LocalTime.of(9, 0), weekdays, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new BusinessCalendar(LocalTime.of(9, 0), LocalTime.of(9, 0), weekdays, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new BusinessCalendar(LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of(), Map.of()));

        LocalDate christmas = LocalDate.of(2026, 12, 25);
        BusinessCalendar cal = new BusinessCalendar(LocalTime.of(9, 0), LocalTime.of(17, 0), weekdays,
                Map.of("NA", List.of(christmas, christmas), "EMEA", List.of(christmas, LocalDate.of(2026, 12, 26))));
        Dataset<Row> frame = cal.holidayFrame(spark);
        assertEquals(DataTypes.DateType, frame.schema().apply(BusinessCalendar.HOLIDAY_DATE).dataType());
        assertEquals(3, frame.count());
    }

    // --- independent check against java.time ---------------------------------------------------------------

    private static final List<String> ZONES = List.of("America/New_York", "Europe/London", "Europe/Berlin",
            "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo");
    private static final String[] REGIONS = {"NA", "EMEA", "APAC", "LATAM", null};
    private static final Map<String, List<LocalDate>> HOLIDAYS = Map.of(
            "NA", dates("2026-01-01", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-02", "2026-11-26",
                    "2026-12-25"),
            "EMEA", dates("2026-01-01", "2026-03-30", "2026-04-03", "2026-04-06", "2026-10-26", "2026-12-25",
                    "2026-12-26"),
            "APAC", dates("2026-03-09", "2026-04-06", "2026-10-05", "2026-10-06", "2026-10-07"));
    private static final BusinessCalendar WEEKDAYS_WITH_HOLIDAYS = new BusinessCalendar(LocalTime.of(9, 0),
            LocalTime.of(17, 0), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), HOLIDAYS);
    // Open across every clock change of the zones above (all between 00:30 and 23:30, most on Sundays).
    private static final BusinessCalendar LONG_DAYS_SUNDAY_TO_THURSDAY = new BusinessCalendar(LocalTime.of(0, 30),
            LocalTime.of(23, 30), EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY), HOLIDAYS);
    private static final List<String> CLOCK_CHANGES = List.of("2026-03-08", "2026-03-29", "2026-04-05",
            "2026-10-04", "2026-10-25", "2026-11-01");

    private static List<LocalDate> dates(String... iso) {
        return Arrays.stream(iso).map(LocalDate::parse).toList();
    }

    /** Whether the minute starting at t is working time, judged on its local wall clock. */
    private static boolean working(Instant t, ZoneId zone, String region, BusinessCalendar cal) {
        ZonedDateTime local = t.atZone(zone);
        LocalTime time = local.toLocalTime();
        List<LocalDate> holidays = region == null ? List.of() : cal.holidays().getOrDefault(region, List.of());
        return cal.workingDays().contains(local.getDayOfWeek()) && !holidays.contains(local.toLocalDate())
                && !time.isBefore(cal.workdayStart()) && time.isBefore(cal.workdayEnd());
    }

    private static long workingMinutes(Instant start, Instant end, ZoneId zone, String region,
                                       BusinessCalendar cal) {
        long minutes = 0;
        for (Instant t = start; t.isBefore(end); t = t.plusSeconds(60)) {
            if (working(t, zone, region, cal)) {
                minutes++;
            }
        }
        return minutes;
    }

    private static Instant afterWorkingMinutes(Instant start, long minutes, ZoneId zone, String region,
                                               BusinessCalendar cal) {
        long counted = 0;
        Instant t = start;
        while (counted < minutes) {
            if (working(t, zone, region, cal)) {
                counted++;
            }
            t = t.plusSeconds(60);
        }
        return t;
    }

    @Test
    void sparkAgreesWithAMinuteByMinuteJavaTimeCount() {
        Random random = new Random(20261101L);
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("start_at", DataTypes.TimestampType)
                .add("end_at", DataTypes.TimestampType)
                .add("zone", DataTypes.StringType)
                .add("region", DataTypes.StringType)
                .add("need_hours", DataTypes.DoubleType)
                .add("any_hours", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        List<Instant> ends = new ArrayList<>();
        List<Long> needMinutes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Instant base = i % 2 == 0
                    ? LocalDate.parse(CLOCK_CHANGES.get(random.nextInt(CLOCK_CHANGES.size()))).minusDays(15)
                    .atStartOfDay(ZoneId.of("UTC")).toInstant().plus(Duration.ofMinutes(random.nextInt(30 * 1440)))
                    : Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofMinutes(random.nextInt(365 * 1440)));
            Instant end = base.plus(Duration.ofMinutes(random.nextInt(-1440, 20 * 1440)));
            long need = random.nextInt(0, 3000);
            starts.add(base);
            ends.add(end);
            needMinutes.add(need);
            rows.add(RowFactory.create(i, Timestamp.from(base), Timestamp.from(end),
                    ZONES.get(random.nextInt(ZONES.size())), REGIONS[random.nextInt(REGIONS.length)], need / 60.0,
                    random.nextDouble() * 60));
        }
        Dataset<Row> in = spark.createDataFrame(rows, schema);
        Dataset<Row> out = in
                .transform(d -> BusinessHours.withBusinessHours(d, "start_at", "end_at", "zone", "region",
                        WEEKDAYS_WITH_HOLIDAYS, "hours_a"))
                .transform(d -> BusinessHours.withBusinessHours(d, "start_at", "end_at", "zone", "region",
                        LONG_DAYS_SUNDAY_TO_THURSDAY, "hours_b"))
                .transform(d -> BusinessHours.withBusinessDeadline(d, "start_at", "need_hours", "zone", "region",
                        WEEKDAYS_WITH_HOLIDAYS, "due_a"))
                .transform(d -> BusinessHours.withBusinessDeadline(d, "start_at", "need_hours", "zone", "region",
                        LONG_DAYS_SUNDAY_TO_THURSDAY, "due_b"))
                .transform(d -> BusinessHours.withBusinessDeadline(d, "start_at", "any_hours", "zone", "region",
                        WEEKDAYS_WITH_HOLIDAYS, "any_due"))
                .transform(d -> BusinessHours.withBusinessHours(d, "start_at", "any_due", "zone", "region",
                        WEEKDAYS_WITH_HOLIDAYS, "any_back"));
        List<Row> results = out.collectAsList();
        assertEquals(200, results.size());

        int crossingClockChanges = 0;
        for (Row r : results) {
            int i = r.getAs("id");
            ZoneId zone = ZoneId.of(r.getAs("zone"));
            String region = r.getAs("region");
            Instant start = starts.get(i);
            Instant end = ends.get(i);
            String what = "row " + i + " " + zone + " " + region + " " + start + " .. " + end;
            assertEquals(workingMinutes(start, end, zone, region, WEEKDAYS_WITH_HOLIDAYS) / 60.0,
                    (Double) r.getAs("hours_a"), 1e-9, what);
            assertEquals(workingMinutes(start, end, zone, region, LONG_DAYS_SUNDAY_TO_THURSDAY) / 60.0,
                    (Double) r.getAs("hours_b"), 1e-9, what);
            long need = needMinutes.get(i);
            assertEquals(afterWorkingMinutes(start, need, zone, region, WEEKDAYS_WITH_HOLIDAYS),
                    ((Timestamp) r.getAs("due_a")).toInstant(), what + " +" + need + "min");
            assertEquals(afterWorkingMinutes(start, need, zone, region, LONG_DAYS_SUNDAY_TO_THURSDAY),
                    ((Timestamp) r.getAs("due_b")).toInstant(), what + " +" + need + "min");
            assertEquals((Double) r.getAs("any_hours"), (Double) r.getAs("any_back"), 1e-9, what);
            if (!zone.getRules().getOffset(start).equals(zone.getRules().getOffset(end))) {
                crossingClockChanges++;
            }
        }
        assertTrue(crossingClockChanges >= 10, "only " + crossingClockChanges + " spans cross a clock change");
    }
}
