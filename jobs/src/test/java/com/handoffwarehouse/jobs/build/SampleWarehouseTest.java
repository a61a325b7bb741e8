package com.handoffwarehouse.jobs.build;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's standard sample through ingest and build, checked against the generator's ground truth: the
 * warehouse must find exactly what the generator made, counted independently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleWarehouseTest {
    private WarehouseCatalog catalog;
    private JsonNode truth;
    private SampleWarehouses.Sample sample;

    @BeforeAll
    void shared() {
        sample = SampleWarehouses.standard();
        catalog = sample.catalog();
        truth = sample.truth();
    }

    private Dataset<Row> table(com.handoffwarehouse.jobs.catalog.TableRef ref) {
        return catalog.read(ref);
    }

    private static Map<String, Long> counts(Dataset<Row> df, String column) {
        Map<String, Long> out = new TreeMap<>();
        df.groupBy(column).count().collectAsList()
                .forEach(r -> out.put(r.isNullAt(0) ? "null" : r.get(0).toString(), r.getLong(1)));
        return out;
    }

    private static Map<String, Long> expected(JsonNode node) {
        Map<String, Long> out = new TreeMap<>();
        node.fields().forEachRemaining(f -> {
            if (f.getValue().asLong() > 0) {
                out.put(f.getKey(), f.getValue().asLong());
            }
        });
        return out;
    }

    @Test
    void everyFileRowIsInBronzeOrQuarantineAndQuarantineHoldsTheInjectedDefects() {
        for (String api : new String[] {"User", "Account", "Lead", "Event", "Task", "Opportunity",
                "OpportunityHistory", "LeadHistory"}) {
            CrmObject object = CrmObject.fromApiName(api).orElseThrow();
            JsonNode totals = truth.path("file_totals").path(api);
            long bronze = table(Tables.raw(object)).count();
            Dataset<Row> quarantine = catalog.readIfExists(Tables.quarantine(object))
                    .orElse(catalog.spark().emptyDataFrame());
            long quarantined = quarantine.isEmpty() ? 0 : quarantine.count();
            assertEquals(totals.path("rows").asLong(), bronze + quarantined, api);
            Map<String, Long> byRule = quarantine.isEmpty() ? Map.of() : counts(quarantine, "rule");
            assertEquals(expected(totals.path("defects")), new TreeMap<>(byRule), api);
        }
    }

    @Test
    void handoffsReHandoffsAndAcceptanceMatchTheGroundTruth() {
        Dataset<Row> fct = table(Tables.FCT_HANDOFF);
        assertEquals(truth.path("handoffs").asLong(), fct.count());
        assertEquals(truth.path("re_handoffs").asLong(), fct.filter(col("handoff_seq").gt(1)).count());
        assertEquals(truth.path("accepted").asLong(),
                fct.filter(col("accepted_at").isNotNull().and(col("rejected_at").isNull())).count());
        assertEquals(truth.path("rejected").asLong(), fct.filter(col("rejected_at").isNotNull()).count());
        assertEquals(truth.path("reassigned_handoffs").asLong(), fct.filter(col("reassignments").gt(0)).count());
        assertEquals(truth.path("reassignments").asLong(),
                fct.agg(sum("reassignments")).head().getLong(0));
        Row funnel = table(Tables.MART_HANDOFF_FUNNEL).agg(sum("handoffs"), sum("acceptance_eligible"),
                sum("accepted_in_sla")).head();
        assertEquals(truth.path("handoffs").asLong(), funnel.getLong(0));
        assertEquals(truth.path("acceptance_eligible").asLong(), funnel.getLong(1));
        assertEquals(truth.path("accepted_within_sla").asLong(), funnel.getLong(2));
    }

    @Test
    void routingVerdictsMatchTheGroundTruth() {
        assertEquals(expected(truth.path("routing_verdicts")), counts(table(Tables.FCT_HANDOFF), "routing_verdict"));
    }

    @Test
    void eachChecklistItemIsMissingAsOftenAsGenerated() {
        Map<String, Long> missing = counts(table(Tables.FCT_HANDOFF).select(explode(col("missing_items")).as("item")),
                "item");
        assertEquals(expected(truth.path("checklist_missing")), missing);
    }

    @Test
    void meetingsOpportunitiesAndDeletionsMatchTheGroundTruth() {
        Map<String, Long> outcomes = counts(table(Tables.FCT_MEETING), "final_outcome");
        Map<String, Long> expectedOutcomes = expected(truth.path("meetings").path("by_final_outcome"));
        Long pending = expectedOutcomes.remove("pending");
        if (pending != null) {
            expectedOutcomes.put("null", pending);
        }
        assertEquals(expectedOutcomes, outcomes);
        assertEquals(truth.path("meetings").path("rescheduled").asLong(),
                table(Tables.FCT_MEETING).filter(col("reschedules").gt(0)).count());
        assertEquals(expected(truth.path("opportunities_by_stage")),
                counts(table(Tables.stg(CrmObject.OPPORTUNITY)), "stage_name"));
        assertEquals(truth.path("leads_deleted").asLong(),
                table(Tables.INT_LEAD_TIMELINE).filter(col("event_type").equalTo("LEAD_DELETED")).count());
        assertTrue(truth.path("leads_deleted").asLong() > 0, "the sample should delete some leads");
    }

    @Test
    void theFunnelAndFirstContactMatchTheGroundTruth() {
        JsonNode expected = truth.path("funnel");
        Dataset<Row> funnel = table(Tables.MART_HANDOFF_FUNNEL);
        for (String measure : new String[] {"contact_eligible", "contacted_in_sla", "meetings_due", "meetings_held",
                "meetings_no_show", "m2o_eligible", "m2o_converted", "opportunities"}) {
            assertEquals(expected.path(measure).asLong(), funnel.agg(sum(measure)).head().getLong(0), measure);
        }
        Row speed = table(Tables.FCT_HANDOFF).filter(col("first_contact_at").isNotNull())
                .agg(org.apache.spark.sql.functions.expr("percentile(hours_to_first_contact, 0.5)")).head();
        assertEquals(truth.path("median_hours_to_first_contact").asDouble(), speed.getDouble(0), 1e-9);
        Row rates = funnel.agg(sum("accepted_in_sla"), sum("acceptance_eligible")).head();
        assertEquals(truth.path("accepted_within_sla").asDouble() / truth.path("acceptance_eligible").asDouble(),
                (double) rates.getLong(0) / rates.getLong(1), 1e-12);

        // What the demo prints is mart_headline as published, metric by metric.
        com.handoffwarehouse.jobs.report.HeadlineSummary headline =
                com.handoffwarehouse.jobs.report.HeadlineSummary.read(catalog);
        for (Row r : table(Tables.MART_HEADLINE).collectAsList()) {
            com.handoffwarehouse.jobs.report.HeadlineSummary.Reading reading = headline.reading(r.getAs("metric"));
            assertEquals(String.valueOf((Object) r.getAs("week")), String.valueOf(reading.week()), reading.metric());
            assertEquals(r.<Double>getAs("value"), reading.value(), reading.metric());
        }
        assertEquals(truth.path("handoffs").asLong(), headline.handoffs());
    }

    @Test
    void theDashboardShowsTheMartsNumbersAndRendersInChromium(@TempDir Path out) throws Exception {
        Path page = com.handoffwarehouse.jobs.report.DashboardReport.write(catalog,
                sample.asOf(), out);
        String html = java.nio.file.Files.readString(page);
        String marker = "id=\"dashboard-data\">";
        int from = html.indexOf(marker) + marker.length();
        JsonNode data = new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from))
                .replace("<\\/", "</"));
        assertTrue(!html.contains("<script src="), "the page must not load anything from the network");

        Dataset<Row> funnel = table(Tables.MART_HANDOFF_FUNNEL);
        Row totals = funnel.agg(sum("meetings_due"), sum("meetings_held"), sum("opportunities"), sum("won")).head();
        assertEquals(totals.getLong(0), data.path("funnel").path("meetings_due").asLong());
        assertEquals(totals.getLong(1), data.path("funnel").path("meetings_held").asLong());
        assertEquals(totals.getLong(2), data.path("funnel").path("opportunities").asLong());
        assertEquals(totals.getLong(3), data.path("funnel").path("won").asLong());
        assertEquals(table(Tables.MART_SLA_BREACHES_OPEN).count(), data.path("breaches_total").asLong());
        long speedTotal = 0;
        for (JsonNode bucket : data.path("speed")) {
            speedTotal += bucket.path("handoffs").asLong();
        }
        Row complete = table(Tables.MART_WEEKLY_METRICS).filter(col("contact_complete")).agg(sum("handoffs")).head();
        assertEquals(complete.isNullAt(0) ? 0L : complete.getLong(0), speedTotal,
                "the distribution counts the handoffs of the weeks past every first-contact window");
        Dataset<Row> sla = table(Tables.MART_SLA_COMPLIANCE);
        for (JsonNode week : data.path("trend")) {
            Row r = sla.filter(col("week").cast("string").equalTo(week.path("week").asText()))
                    .agg(sum("accepted_in_sla"), sum("acceptance_eligible")).head();
            if (r.getLong(1) > 0) {
                assertEquals((double) r.getLong(0) / r.getLong(1), week.path("acceptance_rate").asDouble(), 1e-12);
            }
        }
        JsonNode acceptance = data.path("headline").get(0);
        assertEquals("acceptance_rate", acceptance.path("metric").asText());
        Row week = funnel.filter(col("week").cast("string").equalTo(acceptance.path("week").asText()))
                .agg(sum("accepted_in_sla"), sum("acceptance_eligible")).head();
        assertEquals((double) week.getLong(0) / week.getLong(1), acceptance.path("value").asDouble(), 1e-12);
        assertEquals(table(Tables.MART_SLA_BREACHES_OPEN).count(),
                java.nio.file.Files.readAllLines(out.resolve("open_breaches.csv")).size() - 1);

        Path chromium = java.util.stream.Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
                .map(Path::of).filter(java.nio.file.Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "chromium is not installed (.ci/run installs it)");
        Path shot = Path.of("target", "sample-dashboard.png").toAbsolutePath();
        java.nio.file.Files.createDirectories(shot.getParent());
        String url = page.toUri().toString();
        Process dom = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0", "--dump-dom", url)
                .redirectError(out.resolve("chromium.log").toFile()).start();
        String rendered = new String(dom.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, dom.waitFor());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-rendered=\"true\" data-points=\"(\\d+)\"")
                .matcher(rendered);
        int charts = 0;
        while (m.find()) {
            charts++;
            assertTrue(Integer.parseInt(m.group(1)) > 0, "a chart drew no points");
        }
        assertEquals(6, charts, "every chart renders");
        assertTrue(rendered.contains("data-ready=\"true\""), "the page script ran to the end");
        String log = java.nio.file.Files.readString(out.resolve("chromium.log"));
        assertTrue(!log.contains("Uncaught") && !log.contains("CONSOLE(") , "console errors: " + log);
        Process screenshot = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--window-size=1400,2000", "--virtual-time-budget=5000", "--screenshot=" + shot, url)
                .redirectErrorStream(true).redirectOutput(out.resolve("shot.log").toFile()).start();
        assertEquals(0, screenshot.waitFor());
        assertTrue(java.nio.file.Files.size(shot) > 10_000, "screenshot saved at " + shot);
    }
}
