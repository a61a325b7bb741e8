package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.intermediate.Territory;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The report marts on twelve hand-built handoffs of fct_handoff over five cohort weeks, as of Wednesday
 * 2026-09-30, with a 30-day conversion window. The week of 2026-08-31 is the case: one held first meeting
 * is 30 days old, four are not, so its conversion rate (0 of 1) is not final and the headline must read the week
 * before. The week of 2026-09-28 is not over. Every expected number is worked out by hand in the comments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportMartsTest {
    private static final Timestamp AS_OF = Timestamp.from(Instant.parse("2026-09-30T23:59:59Z"));
    private static final int M2O_DAYS = 30;
    private static final double EPS = 1e-12;

    private static final StructType FCT = new StructType()
            .add("lead_id", DataTypes.StringType).add("handoff_seq", DataTypes.IntegerType)
            .add("sdr_id", DataTypes.StringType).add("ae_id", DataTypes.StringType)
            .add("current_ae_id", DataTypes.StringType).add("manager_id", DataTypes.StringType)
            .add("submitted_at", DataTypes.TimestampType).add("accepted_at", DataTypes.TimestampType)
            .add("rejected_at", DataTypes.TimestampType).add("window_end", DataTypes.TimestampType)
            .add("first_contact_at", DataTypes.TimestampType)
            .add("meeting_start_at", DataTypes.TimestampType).add("meeting_outcome", DataTypes.StringType)
            .add("opportunity_id", DataTypes.StringType).add("opportunity_created_at", DataTypes.TimestampType)
            .add("opportunity_is_won", DataTypes.BooleanType)
            .add("missing_items", DataTypes.createArrayType(DataTypes.StringType))
            .add("region", DataTypes.StringType).add("segment", DataTypes.StringType)
            .add("lead_source", DataTypes.StringType).add("is_inbound", DataTypes.BooleanType)
            .add("accept_due_at", DataTypes.TimestampType).add("contact_due_at", DataTypes.TimestampType)
            .add("hours_to_first_contact", DataTypes.DoubleType)
            .add("business_hours_to_first_contact", DataTypes.DoubleType)
            .add("sla_accept_met", DataTypes.BooleanType).add("sla_contact_met", DataTypes.BooleanType)
            .add("cohort_date", DataTypes.DateType);

    private final SparkSession spark = SharedSpark.session();
    private Dataset<Row> outcomes;
    private Dataset<Row> weekly;
    private Map<String, Row> headline;

    private static Timestamp ts(String iso) {
        return iso == null ? null : Timestamp.from(Instant.parse(iso));
    }

    private static Timestamp plusHours(String iso, int hours) {
        return Timestamp.from(Instant.parse(iso).plusSeconds(hours * 3600L));
    }

    /**
     * One handoff: accepted an hour after submission when acceptMet is true, ten hours (late) when false, not at
     * all when null; due 8 h (acceptance) and 4 h (contact)
     * after it; contacted at {@code contacted} after {@code businessHours} of business time (wall-clock: twice that).
     */
    private static Row handoff(String lead, String manager, String submitted, Boolean acceptMet, Boolean contactMet,
                               String contacted, Double businessHours, String meetingAt, String outcome,
                               String opportunityAt, String... missing) {
        return RowFactory.create(lead, 1, "S1", "A-" + manager, "A-" + manager, manager, ts(submitted),
                acceptMet == null ? null : plusHours(submitted, acceptMet ? 1 : 10), null, null, ts(contacted),
                ts(meetingAt), outcome, opportunityAt == null ? null : "O-" + lead, ts(opportunityAt),
                opportunityAt == null ? null : Boolean.FALSE, Arrays.asList(missing), "NA", "SMB", "Web", true,
                plusHours(submitted, 8), plusHours(submitted, 4), businessHours == null ? null : businessHours * 2,
                businessHours, acceptMet, contactMet,
                Date.valueOf(LocalDate.parse(submitted.substring(0, 10))));
    }

    @BeforeAll
    void build() {
        List<Row> rows = List.of(
                // week of 2026-08-17
                handoff("A1", "M1", "2026-08-18T14:00:00Z", true, true, "2026-08-18T15:00:00Z", 1.0,
                        "2026-08-19T15:00:00Z", "Held", "2026-08-25T10:00:00Z"),
                // week of 2026-08-24: both held meetings past their 30 days, one converted
                handoff("B1", "M1", "2026-08-25T14:00:00Z", true, true, "2026-08-25T14:30:00Z", 0.5,
                        "2026-08-26T15:00:00Z", "Held", "2026-09-01T10:00:00Z", "why_now"),
                handoff("B2", "M2", "2026-08-26T14:00:00Z", false, false, "2026-08-28T10:00:00Z", 20.0,
                        "2026-08-27T15:00:00Z", "Held", null, "why_now", "next_step"),
                // week of 2026-08-31: C1's held meeting is 30 days old (not converted), C2-C5's are not yet
                handoff("C1", "M1", "2026-08-31T09:00:00Z", true, true, "2026-08-31T11:00:00Z", 2.0,
                        "2026-08-31T20:00:00Z", "Held", null),
                handoff("C2", "M2", "2026-09-03T09:00:00Z", true, true, "2026-09-03T12:00:00Z", 3.0,
                        "2026-09-03T15:00:00Z", "Held", null),
                handoff("C3", "M2", "2026-09-03T09:10:00Z", true, true, "2026-09-03T12:10:00Z", 3.0,
                        "2026-09-03T15:10:00Z", "Held", null),
                handoff("C4", "M2", "2026-09-03T09:20:00Z", true, true, "2026-09-03T12:20:00Z", 3.0,
                        "2026-09-03T15:20:00Z", "Held", null),
                handoff("C5", "M2", "2026-09-03T09:30:00Z", true, true, "2026-09-03T12:30:00Z", 3.0,
                        "2026-09-03T15:30:00Z", "Held", "2026-09-10T10:00:00Z"),
                handoff("C6", "M2", "2026-09-01T09:00:00Z", true, true, "2026-09-01T13:00:00Z", 4.0,
                        "2026-09-02T15:00:00Z", "No Show", null),
                // week of 2026-09-21: never contacted (an open breach), a meeting still ahead
                handoff("D1", "M1", "2026-09-22T14:00:00Z", true, false, null, null,
                        "2026-10-01T15:00:00Z", null, null),
                // week of 2026-09-28, not over at the as-of time: E1 decided, E2 inside its windows
                handoff("E1", "M1", "2026-09-28T13:00:00Z", true, true, "2026-09-28T13:30:00Z", 0.5,
                        "2026-10-02T15:00:00Z", null, null),
                handoff("E2", "M2", "2026-09-30T20:00:00Z", null, null, null, null, null, null, null));
        outcomes = HandoffOutcomes.build(spark.createDataFrame(rows, FCT), AS_OF, M2O_DAYS).cache();
        weekly = MartWeeklyMetrics.build(outcomes, AS_OF).cache();
        headline = new HashMap<>();
        MartHeadline.build(weekly).collectAsList().forEach(r -> headline.put(r.getAs("metric"), r));
    }

    private Row week(String week) {
        return weekly.filter(col("week").equalTo(Date.valueOf(week))).head();
    }

    private static String date(Row r, String column) {
        Object v = r.getAs(column);
        return v == null ? null : v.toString();
    }

    @Test
    void aWeekWithFewMeetingsPastTheirWindowIsNotTheConversionHeadline() {
        Row partly = week("2026-08-31");
        assertEquals(1L, (long) partly.getAs("m2o_eligible"), "C1 alone is 30 days past its held meeting");
        assertEquals(4L, (long) partly.getAs("m2o_pending"), "C2-C5 are not");
        assertEquals(0.0, partly.<Double>getAs("m2o_rate"), EPS, "0 of 1: what the old card read as a collapse");
        assertFalse(partly.<Boolean>getAs("m2o_complete"));

        Row m2o = headline.get("m2o_rate");
        assertEquals("2026-08-24", date(m2o, "week"), "the previous week, whose every held meeting is 30 days old");
        assertEquals(0.5, m2o.<Double>getAs("value"), EPS, "B1 converted, B2 did not");
        assertEquals(2L, (long) m2o.getAs("eligible"));
        assertEquals("2026-08-17", date(m2o, "previous_week"));
        assertEquals(1.0, m2o.<Double>getAs("previous_value"), EPS);
        assertEquals(3L, (long) m2o.getAs("weeks_after"), "2026-08-31, 2026-09-21 and 2026-09-28 are newer");
        assertEquals("2026-09-28", date(m2o, "latest_week"));
        assertEquals(1L, (long) m2o.getAs("latest_pending"), "E1's meeting is ahead");
    }

    @Test
    void aWeekNotOverIsNeverCompleteEvenWithEveryHandoffDecided() {
        Row notOver = week("2026-09-28");
        assertFalse(notOver.<Boolean>getAs("week_ended"));
        assertFalse(notOver.<Boolean>getAs("acceptance_complete"));
        assertEquals(1L, (long) notOver.getAs("acceptance_pending"), "E2 is inside its acceptance window");
        assertTrue(week("2026-09-21").<Boolean>getAs("week_ended"));

        Row acceptance = headline.get("acceptance_rate");
        assertEquals("2026-09-21", date(acceptance, "week"));
        assertEquals(1.0, acceptance.<Double>getAs("value"), EPS);
        assertEquals("2026-08-31", date(acceptance, "previous_week"));
        assertEquals(1.0, acceptance.<Double>getAs("previous_value"), EPS, "C1-C6 accepted in time");
        assertEquals("2026-09-28", date(acceptance, "latest_week"));
        assertEquals(1L, (long) acceptance.getAs("latest_eligible"));
        assertEquals(1L, (long) acceptance.getAs("weeks_after"));
        assertEquals(0.5, week("2026-08-24").<Double>getAs("acceptance_rate"), EPS, "B2 was late");
    }

    @Test
    void showRateWaitsForEveryMeetingOfTheCohortToHaveStarted() {
        assertFalse(week("2026-09-21").<Boolean>getAs("show_complete"), "D1's meeting is still ahead");
        Row show = headline.get("show_rate");
        assertEquals("2026-08-31", date(show, "week"));
        assertEquals(5.0 / 6, show.<Double>getAs("value"), EPS, "C6 did not show");
        assertEquals(6L, (long) show.getAs("eligible"));
        assertEquals(1.0, show.<Double>getAs("previous_value"), EPS);
    }

    @Test
    void speedToLeadIsReadForTheLatestCompleteWeekWithAContact() {
        // 2026-09-21 is complete for first contact but no handoff of it was contacted: no median to read there.
        Row median = headline.get("median_business_hours_to_first_contact");
        assertEquals("2026-08-31", date(median, "week"));
        assertEquals(3.0, median.<Double>getAs("value"), EPS, "of 2, 3, 3, 3, 3, 4");
        assertEquals(6L, (long) median.getAs("eligible"), "six contacted");
        assertEquals(10.25, median.<Double>getAs("previous_value"), EPS, "of 0.5 and 20");
        assertEquals(3.5, headline.get("p90_business_hours_to_first_contact").<Double>getAs("value"), EPS,
                "linear between the fifth (3) and sixth (4) of six");
        assertEquals(6.0, headline.get("median_hours_to_first_contact").<Double>getAs("value"), EPS);
        Row both = headline.get("sla_compliance_rate");
        assertEquals("2026-09-21", date(both, "week"));
        assertEquals(0.0, both.<Double>getAs("value"), EPS, "D1 was accepted but never contacted");
        assertEquals(9, headline.size(), "every headline metric has its row");
    }

    @Test
    void theSpeedDistributionCountsTheCompleteWeeksInEveryBucket() {
        List<Row> buckets = MartSpeedDistribution.build(outcomes, AS_OF).collectAsList();
        Map<String, Long> counts = new HashMap<>();
        buckets.forEach(b -> counts.put(b.getAs("bucket"), b.getAs("handoffs")));
        assertEquals(List.of("0-1", "1-2", "2-4", "4-8", "8-16", "16-24", "24-40", "40+",
                MartSpeedDistribution.NOT_CONTACTED), buckets.stream().map(b -> (String) b.getAs("bucket")).toList());
        // B1 0.5; A1 1.0; C1 2.0 and C2-C5 3.0; C6 4.0; B2 20; D1 never. E1 (week not over) and E2 are left out.
        assertEquals(Map.of("0-1", 1L, "1-2", 1L, "2-4", 5L, "4-8", 1L, "8-16", 0L, "16-24", 1L, "24-40", 0L,
                "40+", 0L, MartSpeedDistribution.NOT_CONTACTED, 1L), counts);
        assertEquals(4L, (long) buckets.get(0).getAs("weeks"));
        assertEquals("2026-09-21", date(buckets.get(0), "through_week"));
    }

    @Test
    void theChecklistEffectComparesConversionOverCompleteWeeksOnly() {
        Map<String, Row> items = new HashMap<>();
        MartChecklistEffect.build(outcomes, AS_OF).collectAsList().forEach(r -> items.put(r.getAs("checklist_item"), r));
        assertEquals(9, items.size());
        // Complete for conversion: 2026-08-17 (A1) and 2026-08-24 (B1, B2). B1 and B2 lacked why_now.
        Row whyNow = items.get("why_now");
        assertEquals(1L, (long) whyNow.getAs("with_eligible"));
        assertEquals(1.0, whyNow.<Double>getAs("with_rate"), EPS);
        assertEquals(2L, (long) whyNow.getAs("without_eligible"));
        assertEquals(0.5, whyNow.<Double>getAs("without_rate"), EPS);
        Row nextStep = items.get("next_step");
        assertEquals(1.0, nextStep.<Double>getAs("with_rate"), EPS);
        assertEquals(0.0, nextStep.<Double>getAs("without_rate"), EPS, "B2 alone lacked a next step");
        // Opportunities so far, over all twelve handoffs: A1, B1 and C5 have one.
        assertEquals(11L, (long) nextStep.getAs("with_handoffs"));
        assertEquals(3.0 / 11, nextStep.<Double>getAs("with_opportunity_rate"), EPS);
        assertNull(items.get("routing").getAs("without_rate"), "nobody lacked routing: no rate, not zero");
    }

    @Test
    void teamsCarryTheirRatesOverEveryWeekAndTheirOpenBreaches() {
        Map<String, Row> teams = new HashMap<>();
        MartTeamMetrics.build(outcomes, AS_OF).collectAsList().forEach(r -> teams.put(r.getAs("manager_id"), r));
        assertEquals(5L, (long) teams.get("M1").getAs("handoffs"));
        assertEquals(1.0, teams.get("M1").<Double>getAs("acceptance_rate"), EPS);
        assertEquals(1L, (long) teams.get("M1").getAs("open_breaches"), "D1's first contact is overdue");
        assertEquals(7L, (long) teams.get("M2").getAs("handoffs"));
        assertEquals(5.0 / 6, teams.get("M2").<Double>getAs("acceptance_rate"), EPS, "B2 late, E2 not decided");
        assertEquals(0L, (long) teams.get("M2").getAs("open_breaches"));

        Map<String, Row> teamWeeks = new HashMap<>();
        MartWeeklyMetrics.byTeam(outcomes, AS_OF).collectAsList()
                .forEach(r -> teamWeeks.put(r.getAs("manager_id") + "/" + r.getAs("week"), r));
        assertEquals(0.0, teamWeeks.get("M2/2026-08-24").<Double>getAs("sla_compliance_rate"), EPS);
        assertTrue(teamWeeks.get("M2/2026-08-24").<Boolean>getAs("sla_complete"));
        assertFalse(teamWeeks.get("M2/2026-09-28").<Boolean>getAs("sla_complete"));
    }

    @Test
    void theOpenBreachCarriesTheLeadsCompanyAndNameBesideItsId() {
        Territory territory = new Territory(Map.of("NA", List.of("US")), Map.of(),
                List.of(new Territory.Segment("SMB", 199), new Territory.Segment("ENT", null)));
        StructType intLead = new StructType().add("lead_id", DataTypes.StringType)
                .add("created_date", DataTypes.TimestampType).add("sdr_owner", DataTypes.StringType)
                .add("lead_source", DataTypes.StringType).add("company", DataTypes.StringType)
                .add("country", DataTypes.StringType).add("number_of_employees", DataTypes.IntegerType)
                .add("first_name", DataTypes.StringType).add("last_name", DataTypes.StringType);
        Dataset<Row> dimLead = DimLead.build(spark.createDataFrame(List.of(
                RowFactory.create("D1", ts("2026-09-01T00:00:00Z"), "S1", "Web", "Dunder Mifflin", "US", 40, "Pam",
                        "Beesly"),
                RowFactory.create("C1", ts("2026-08-01T00:00:00Z"), "S1", "Web", "Initech", "US", 40, " ", null)),
                intLead), territory, List.of("Web"));
        Map<String, Object> names = new HashMap<>();
        dimLead.collectAsList().forEach(r -> names.put(r.getAs("lead_id"), r.getAs(DimLead.LEAD_NAME)));
        assertEquals("Pam Beesly", names.get("D1"));
        assertNull(names.get("C1"), "a blank first name and no last name is no name");

        Dataset<Row> breaches = MartSlaBreachesOpen.build(outcomes, dimLead, AS_OF);
        List<String> columns = Arrays.asList(breaches.columns());
        assertEquals(Arrays.asList(MartSlaBreachesOpen.breaches(outcomes, AS_OF).columns()),
                columns.subList(0, columns.size() - 2), "the existing columns first, unchanged");
        assertEquals(List.of("company", DimLead.LEAD_NAME), columns.subList(columns.size() - 2, columns.size()));
        List<Row> open = breaches.collectAsList();
        assertEquals(1, open.size());
        assertEquals("D1", open.get(0).getAs("lead_id"));
        assertEquals("FIRST_CONTACT", open.get(0).getAs("breach"));
        assertEquals("Dunder Mifflin", open.get(0).getAs("company"));
        assertEquals("Pam Beesly", open.get(0).getAs(DimLead.LEAD_NAME));
    }
}
