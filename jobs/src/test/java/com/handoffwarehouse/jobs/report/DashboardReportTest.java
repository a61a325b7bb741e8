package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.marts.MartSpeedDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers embedded in the written page, read back from its JSON block, against the same numbers computed
 * here from the mart tables (and a few by hand from the fixture's nine handoffs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardReportTest {
    private static final double EPS = 1e-12;
    private static final Pattern DATA_BLOCK =
            Pattern.compile("<script type=\"application/json\" id=\"dashboard-data\">(.*?)</script>", Pattern.DOTALL);

    private WarehouseCatalog catalog;
    private Path out;
    private String html;
    private JsonNode data;

    @BeforeAll
    void writeTheDashboard(@TempDir Path dir) throws Exception {
        catalog = DashboardFixture.catalog();
        out = dir.resolve("report");
        Path page = DashboardReport.write(catalog, DashboardFixture.AS_OF, out);
        assertEquals(out.resolve(DashboardReport.PAGE), page);
        html = Files.readString(page);
        data = embeddedData(html);
    }

    static JsonNode embeddedData(String html) throws Exception {
        Matcher m = DATA_BLOCK.matcher(html);
        assertTrue(m.find(), "the page embeds its data as one JSON block");
        return new ObjectMapper().readTree(m.group(1));
    }

    private Dataset<Row> table(com.handoffwarehouse.jobs.catalog.TableRef ref) {
        return catalog.read(ref);
    }

    private static Double ratio(Row r, int numerator, int denominator) {
        return r.isNullAt(denominator) || r.getLong(denominator) == 0 ? null
                : (double) r.getLong(numerator) / r.getLong(denominator);
    }

    private static void assertRate(Double expected, JsonNode actual, String what) {
        if (expected == null) {
            assertTrue(actual.isNull() || actual.isMissingNode(), what + " has no eligible handoff: " + actual);
        } else {
            assertEquals(expected, actual.asDouble(), EPS, what);
        }
    }

    /** Spark's percentile: linear interpolation between the closest ranks. */
    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        double pos = (sorted.size() - 1) * p;
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
    }

    @Test
    void thePageIsSelfContained() {
        assertFalse(html.contains("<script src"), "no script is fetched");
        assertFalse(html.contains("<link"), "no stylesheet is fetched");
        assertFalse(html.contains("__DASHBOARD_DATA__") || html.contains("/*ECHARTS*/"), "every placeholder is filled");
        assertTrue(html.contains("echarts"), "ECharts is inlined");
        assertTrue(html.length() > 500_000, "the library itself is in the page, not a reference to it");
        assertTrue(html.contains("Maria \\u003cOps> Lopez"), "a '<' in the data cannot close the script block");
    }

    private JsonNode card(String metric) {
        for (JsonNode row : data.path("headline")) {
            if (row.path("metric").asText().equals(metric)) {
                return row;
            }
        }
        throw new AssertionError("no headline row for " + metric);
    }

    @Test
    void theHeadlineIsMartHeadlineAsPublished() {
        List<Row> mart = table(Tables.MART_HEADLINE).orderBy("metric_order").collectAsList();
        assertEquals(mart.size(), data.path("headline").size());
        for (int i = 0; i < mart.size(); i++) {
            Row r = mart.get(i);
            JsonNode shown = data.path("headline").get(i);
            assertEquals(r.<String>getAs("metric"), shown.path("metric").asText());
            assertEquals(String.valueOf((Object) r.getAs("week")), shown.path("week").isNull() ? "null"
                    : shown.path("week").asText());
            assertRate(r.getAs("value"), shown.path("value"), r.getAs("metric"));
            assertRate(r.getAs("previous_value"), shown.path("previous_value"), r.getAs("metric") + " before");
        }
    }

    @Test
    void eachCardReadsTheLatestCohortWeekPastItsWindowAgainstTheOneBefore() {
        // 2026-09-14 is not over (and L8 is inside its acceptance window), so 2026-09-07 is the SLA headline week.
        Dataset<Row> funnel = table(Tables.MART_HANDOFF_FUNNEL);
        Dataset<Row> sla = table(Tables.MART_SLA_COMPLIANCE);
        Dataset<Row> fct = table(Tables.FCT_HANDOFF);
        for (String metric : List.of("acceptance_rate", "sla_compliance_rate")) {
            JsonNode shown = card(metric);
            assertEquals("2026-09-07", shown.path("week").asText(), metric);
            assertEquals("2026-08-31", shown.path("previous_week").asText(), metric);
            assertEquals("2026-09-14", shown.path("latest_week").asText(), metric);
            assertEquals(1, shown.path("weeks_after").asInt(), metric);
        }
        for (String key : List.of("week", "previous_week")) {
            String week = card("acceptance_rate").path(key).asText();
            Row f = funnel.filter(col("week").cast("string").equalTo(week)).agg(sum("accepted_in_sla"),
                    sum("acceptance_eligible")).head();
            assertRate(ratio(f, 0, 1), card("acceptance_rate").path(key.equals("week") ? "value" : "previous_value"),
                    week + " acceptance");
            Row s = sla.filter(col("week").cast("string").equalTo(week)).agg(sum("both_met"), sum("both_eligible"))
                    .head();
            assertRate(ratio(s, 0, 1), card("sla_compliance_rate").path(key.equals("week") ? "value"
                    : "previous_value"), week + " SLA compliance");
        }
        String speedWeek = card("median_business_hours_to_first_contact").path("week").asText();
        assertEquals("2026-09-07", speedWeek);
        List<Row> contacted = fct.filter(col("first_contact_at").isNotNull()
                        .and(org.apache.spark.sql.functions.date_trunc("week", col("cohort_date")).cast("date")
                                .cast("string").equalTo(speedWeek)))
                .select("business_hours_to_first_contact", "hours_to_first_contact").collectAsList();
        List<Double> business = contacted.stream().map(r -> r.getDouble(0)).toList();
        List<Double> wall = contacted.stream().map(r -> r.getDouble(1)).toList();
        assertEquals(percentile(business, 0.5), card("median_business_hours_to_first_contact").path("value")
                .asDouble(), EPS);
        assertEquals(percentile(business, 0.9), card("p90_business_hours_to_first_contact").path("value").asDouble(),
                EPS);
        assertEquals(percentile(wall, 0.5), card("median_hours_to_first_contact").path("value").asDouble(), EPS);
        assertEquals(percentile(wall, 0.9), card("p90_hours_to_first_contact").path("value").asDouble(), EPS);
        // By hand from the fixture: of L5, L6, L7 and L9, L5 and L7 were accepted in time, L5 alone met both SLAs;
        // L5, L7 and L9 were contacted after 1.5, 16 and 0.5 business hours.
        assertEquals(0.5, card("acceptance_rate").path("value").asDouble(), EPS);
        assertEquals(0.75, card("acceptance_rate").path("previous_value").asDouble(), EPS);
        assertEquals(0.25, card("sla_compliance_rate").path("value").asDouble(), EPS);
        assertEquals(1.5, card("median_business_hours_to_first_contact").path("value").asDouble(), EPS);
        assertEquals(4, card("acceptance_rate").path("handoffs").asLong());
        // E7 (2026-09-07) has not started yet: the show rate reads 2026-08-31, where E1 and E4 of three were held.
        assertEquals("2026-08-31", card("show_rate").path("week").asText());
        assertEquals(2.0 / 3, card("show_rate").path("value").asDouble(), EPS);
        assertTrue(card("show_rate").path("previous_week").isNull());
    }

    @Test
    void meetingToOpportunityIsNotReadForAWeekWithFewMeetingsPastTheirWindow() {
        // 2026-09-07: L9's held meeting is past its window (not converted), E5's and E7's are not. Reading the
        // latest week with any eligible meeting, as the page once did, would show 0 %.
        Row partly = table(Tables.MART_HANDOFF_FUNNEL).filter(col("week").cast("string").equalTo("2026-09-07"))
                .agg(sum("m2o_converted"), sum("m2o_eligible")).head();
        assertEquals(List.of(0L, 1L), List.of(partly.getLong(0), partly.getLong(1)));
        JsonNode m2o = card("m2o_rate");
        assertEquals("2026-08-31", m2o.path("week").asText(), "the previous week: its every held meeting is past");
        Row decided = table(Tables.MART_HANDOFF_FUNNEL).filter(col("week").cast("string").equalTo("2026-08-31"))
                .agg(sum("m2o_converted"), sum("m2o_eligible")).head();
        assertEquals(ratio(decided, 0, 1), m2o.path("value").asDouble(), EPS);
        // By hand: L1 converted, L4 did not.
        assertEquals(0.5, m2o.path("value").asDouble(), EPS);
        assertTrue(m2o.path("previous_week").isNull() && m2o.path("previous_value").isNull());
        assertEquals(2, m2o.path("weeks_after").asInt(), "2026-09-07 and 2026-09-14 are still partly in");
    }

    @Test
    void slaTrendByWeekAndByTeamEqualTheMart() {
        Dataset<Row> sla = table(Tables.MART_SLA_COMPLIANCE);
        List<Row> weeks = sla.groupBy(col("week").cast("string").as("week")).agg(sum("handoffs"), sum("accepted_in_sla"),
                sum("acceptance_eligible"), sum("contacted_in_sla"), sum("contact_eligible"), sum("both_met"),
                sum("both_eligible")).orderBy(col("week")).collectAsList();
        JsonNode trend = data.path("trend");
        assertEquals(List.of("2026-08-31", "2026-09-07", "2026-09-14"),
                weeks.stream().map(r -> r.getString(0)).toList());
        assertEquals(weeks.size(), trend.size());
        for (int i = 0; i < weeks.size(); i++) {
            Row r = weeks.get(i);
            JsonNode shown = trend.get(i);
            assertEquals(r.getString(0), shown.path("week").asText());
            assertEquals(r.getLong(1), shown.path("handoffs").asLong());
            assertRate(ratio(r, 2, 3), shown.path("acceptance_rate"), r.getString(0) + " acceptance");
            assertRate(ratio(r, 4, 5), shown.path("contact_sla_rate"), r.getString(0) + " contact");
            assertRate(ratio(r, 6, 7), shown.path("sla_compliance_rate"), r.getString(0) + " both");
        }

        Map<String, Long> open = new HashMap<>();
        table(Tables.MART_SLA_BREACHES_OPEN).groupBy("manager_id").agg(count(lit(1))).collectAsList()
                .forEach(r -> open.put(r.getString(0), r.getLong(1)));
        Map<String, Row> teams = new HashMap<>();
        sla.groupBy("manager_id").agg(sum("handoffs"), sum("accepted_in_sla"), sum("acceptance_eligible"),
                sum("both_met"), sum("both_eligible")).collectAsList().forEach(r -> teams.put(r.getString(0), r));
        assertEquals(teams.size(), data.path("by_manager").size());
        for (JsonNode team : data.path("by_manager")) {
            Row r = teams.get(team.path("manager_id").asText());
            assertEquals(r.getLong(1), team.path("handoffs").asLong());
            assertRate(ratio(r, 2, 3), team.path("acceptance_rate"), "team acceptance");
            assertRate(ratio(r, 4, 5), team.path("sla_compliance_rate"), "team compliance");
            assertEquals(open.getOrDefault(r.getString(0), 0L), team.path("open_breaches").asLong());
        }
        assertEquals("Maria <Ops> Lopez", data.path("by_manager").get(0).path("manager").asText(),
                "the team with the most open breaches comes first, by name");

        Map<String, Double> cells = new HashMap<>();
        sla.groupBy(col("manager_id"), col("week").cast("string")).agg(sum("both_met"), sum("both_eligible"))
                .collectAsList().forEach(r -> cells.put(r.getString(0) + "/" + r.getString(1), ratio(r, 2, 3)));
        assertEquals(cells.size(), data.path("manager_trend").size());
        for (JsonNode cell : data.path("manager_trend")) {
            String key = cell.path("manager_id").asText() + "/" + cell.path("week").asText();
            assertTrue(cells.containsKey(key), key);
            assertRate(cells.get(key), cell.path("sla_compliance_rate"), key);
        }
    }

    @Test
    void funnelSpeedRoutingAndChecklistEqualTheMarts() {
        Row f = table(Tables.MART_HANDOFF_FUNNEL).agg(sum("handoffs"), sum("meetings_due"), sum("meetings_held"),
                sum("opportunities"), sum("won")).head();
        JsonNode funnel = data.path("funnel");
        assertEquals(List.of(f.getLong(0), f.getLong(1), f.getLong(2), f.getLong(3), f.getLong(4)),
                List.of(funnel.path("handoffs").asLong(), funnel.path("meetings_due").asLong(),
                        funnel.path("meetings_held").asLong(), funnel.path("opportunities").asLong(),
                        funnel.path("won").asLong()));
        assertEquals(List.of(9L, 5L, 4L, 1L, 1L), List.of(f.getLong(0), f.getLong(1), f.getLong(2), f.getLong(3),
                f.getLong(4)));

        // The cohort weeks past every first-contact window, by hand: 2026-08-31 and 2026-09-07 (2026-09-14 is not over).
        Map<String, Long> buckets = new HashMap<>();
        for (Row r : table(Tables.FCT_HANDOFF).filter(col("cohort_date").lt(java.sql.Date.valueOf("2026-09-14")))
                .select("first_contact_at", "business_hours_to_first_contact").collectAsList()) {
            String bucket = MartSpeedDistribution.NOT_CONTACTED;
            if (!r.isNullAt(0)) {
                double h = r.getDouble(1);
                bucket = h < 1 ? "0-1" : h < 2 ? "1-2" : h < 4 ? "2-4" : h < 8 ? "4-8" : h < 16 ? "8-16"
                        : h < 24 ? "16-24" : h < 40 ? "24-40" : "40+";
            }
            buckets.merge(bucket, 1L, Long::sum);
        }
        Map<String, Long> shown = new HashMap<>();
        data.path("speed").forEach(b -> {
            if (b.path("handoffs").asLong() > 0) {
                shown.put(b.path("bucket").asText(), b.path("handoffs").asLong());
            }
        });
        assertEquals(buckets, shown);
        assertEquals(8L, buckets.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(List.of("0-1", "1-2", "2-4", "4-8", "8-16", "16-24", "24-40", "40+",
                MartSpeedDistribution.NOT_CONTACTED), data.path("speed").findValuesAsText("bucket"),
                "every bucket, empty ones too, in order");
        assertEquals("2026-09-07", data.path("speed").get(0).path("through_week").asText());

        Map<String, Long> verdicts = new HashMap<>();
        table(Tables.MART_ROUTING_AUDIT).groupBy(col("week").cast("string"), col("routing_verdict"))
                .agg(sum("handoffs")).collectAsList()
                .forEach(r -> verdicts.put(r.getString(0) + "/" + r.getString(1), r.getLong(2)));
        Map<String, Long> routing = new HashMap<>();
        data.path("routing").forEach(r -> routing.put(r.path("week").asText() + "/" + r.path("verdict").asText(),
                r.path("handoffs").asLong()));
        assertEquals(verdicts, routing);
        assertEquals(3, data.path("routing_weeks").size());

        // Conversion over the weeks past every conversion window, by hand 2026-08-31 alone; opportunities over all.
        Dataset<Row> quality = table(Tables.MART_HANDOFF_QUALITY);
        Column decidedWeek = col("week").cast("string").equalTo("2026-08-31");
        Column present = col("item_present").and(decidedWeek);
        Column missing = col("item_present").equalTo(false).and(decidedWeek);
        Map<String, Row> items = new HashMap<>();
        quality.groupBy("checklist_item").agg(
                        sum(when(present, col("m2o_converted")).otherwise(0)),
                        sum(when(present, col("m2o_eligible")).otherwise(0)),
                        sum(when(missing, col("m2o_converted")).otherwise(0)),
                        sum(when(missing, col("m2o_eligible")).otherwise(0)),
                        sum(when(col("item_present"), col("opportunities")).otherwise(0)),
                        sum(when(col("item_present"), col("handoffs")).otherwise(0)),
                        sum(when(col("item_present"), 0).otherwise(col("opportunities"))),
                        sum(when(col("item_present"), 0).otherwise(col("handoffs"))))
                .collectAsList().forEach(r -> items.put(r.getString(0), r));
        assertEquals(9, data.path("checklist").size());
        for (JsonNode item : data.path("checklist")) {
            Row r = items.get(item.path("checklist_item").asText());
            assertRate(ratio(r, 1, 2), item.path("with_rate"), item + " with");
            assertRate(ratio(r, 3, 4), item.path("without_rate"), item + " without");
            assertRate(ratio(r, 5, 6), item.path("with_opportunity_rate"), item + " opportunities with");
            assertRate(ratio(r, 7, 8), item.path("without_opportunity_rate"), item + " opportunities without");
        }
        // By hand: of the held meetings past their window, L1 had a next step and converted, L4 had none.
        JsonNode nextStep = java.util.stream.StreamSupport.stream(data.path("checklist").spliterator(), false)
                .filter(i -> i.path("checklist_item").asText().equals("next_step")).findFirst().orElseThrow();
        assertEquals(1.0, nextStep.path("with_rate").asDouble(), EPS);
        assertEquals(0.0, nextStep.path("without_rate").asDouble(), EPS);
    }

    @Test
    void openBreachesNameTheManagerOnThePageAndAllOfThemAreInTheCsv() throws Exception {
        Dataset<Row> breaches = table(Tables.MART_SLA_BREACHES_OPEN);
        List<Row> expected = breaches.orderBy(col("hours_overdue").desc(), col("lead_id"), col("breach"))
                .select("lead_id", "breach", "manager_id", "hours_overdue").collectAsList();
        assertEquals(3, expected.size(), "L6 missed both SLAs, L8 its first contact");
        assertEquals(expected.size(), data.path("breaches_total").asLong());
        JsonNode shown = data.path("breaches");
        assertEquals(expected.size(), shown.size());
        for (int i = 0; i < expected.size(); i++) {
            Row r = expected.get(i);
            assertEquals(r.getString(0), shown.get(i).path("lead_id").asText());
            assertEquals(r.getString(1), shown.get(i).path("breach").asText());
            assertEquals(r.getString(2), shown.get(i).path("manager_id").asText());
            assertEquals(r.getDouble(3), shown.get(i).path("hours_overdue").asDouble(), EPS);
        }
        assertEquals("Maria <Ops> Lopez", shown.get(0).path("manager").asText());
        assertEquals("Ada Park", shown.get(0).path("ae").asText());
        assertEquals("Globex <Intl>", shown.get(0).path("company").asText(), "the company beside the lead Id");
        assertEquals("Hank Scorpio", shown.get(0).path("lead_name").asText());
        JsonNode l8 = shown.get(expected.size() - 1);
        assertEquals("Initech", l8.path("company").asText());
        assertTrue(l8.path("lead_name").isNull(), "a lead without a person's name has none, not its Id");

        List<String> csv = Files.readAllLines(out.resolve(DashboardReport.BREACHES_CSV));
        assertEquals(expected.size() + 1, csv.size(), "a header and every open breach");
        assertTrue(csv.get(0).startsWith("lead_id,handoff_seq,ae_id,manager_id,") && csv.get(0).endsWith(
                ",company,lead_name,manager_name,ae_name"), csv.get(0));
        assertTrue(csv.get(1).startsWith("L6,1,A1,M1,") && csv.get(1).contains("FIRST_CONTACT")
                && csv.get(1).endsWith("Globex <Intl>,Hank Scorpio,Maria <Ops> Lopez,Ada Park"), csv.get(1));
    }

    @Test
    void freshnessAndTheLatestQualityGate() {
        assertEquals(DashboardFixture.AS_OF.toString(), data.path("as_of").asText());
        assertEquals("2026-09-16", data.path("freshness").path("latest_snapshot").asText());
        assertEquals("2026-09-17T01:05:00Z", data.path("freshness").path("last_build").path("finished_at").asText());
        JsonNode q = data.path("quality");
        assertEquals(DashboardFixture.LATE_RUN, q.path("run_id").asText(), "the run written last, not the first by id");
        assertEquals("failed", q.path("status").asText());
        assertEquals(2, q.path("passed").asLong());
        assertEquals(2, q.path("failed").asLong());
        assertEquals(1, q.path("failed_errors").asLong());
        assertEquals(2, q.path("failed_checks").size());
    }

    @Test
    void aWarehouseWithoutQualityRunsSaysSo(@TempDir Path empty) {
        Map<String, Object> q = DashboardData.quality(new WarehouseCatalog(SharedSpark.session(), empty.toString()));
        assertEquals(DashboardData.NO_QUALITY_RUN, q.get("status"));
        assertNull(q.get("run_id"));
    }
}
