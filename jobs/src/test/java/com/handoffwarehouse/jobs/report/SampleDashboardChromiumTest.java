package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.handoffwarehouse.jobs.build.SampleWarehouses;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's standard sample's dashboard opened in headless Chromium: each headline card, as the page shows it,
 * reads the week that an independent pass over fct_handoff finds to be the latest cohort week past the metric's
 * window (week over, no handoff still inside it), and shows the number the metric marts give for that week.
 */
class SampleDashboardChromiumTest {
    private static final int M2O_DAYS = 30;

    @Test
    void theRenderedCardsShowTheMartsNumbersForTheLatestCompleteWeeks(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not on PATH (.ci/run installs Debian's chromium)");
        SampleWarehouses.Sample sample = SampleWarehouses.standard();
        WarehouseCatalog catalog = sample.catalog();
        Path page = DashboardReport.write(catalog, sample.asOf(), dir.resolve("report"));

        Map<String, JsonNode> cards = new LinkedHashMap<>();
        try (HeadlessChromium browser = HeadlessChromium.launch(chromium.get(), dir.resolve("profile"))) {
            String tab = browser.openTab(1400, 2400);
            browser.send(tab, "Page.navigate", Map.of("url", page.toUri().toString()));
            browser.await(tab, "document.body != null && document.body.dataset.ready === 'true'");
            browser.evaluate(tab, "[...document.querySelectorAll('.card')].map(c => ({metric: c.dataset.metric, "
                    + "week: c.dataset.week, value: c.querySelector('.value').textContent, "
                    + "text: c.textContent}))").forEach(c -> cards.put(c.path("metric").asText(), c));
            assertEquals(List.of(), browser.errors(), "no console error or uncaught exception");
        }
        assertEquals(List.of("acceptance_rate", "median_business_hours_to_first_contact",
                "p90_business_hours_to_first_contact", "show_rate", "m2o_rate", "sla_compliance_rate"),
                List.copyOf(cards.keySet()));

        Timestamp asOf = Timestamp.from(sample.asOf());
        Dataset<Row> fct = catalog.read(Tables.FCT_HANDOFF)
                .withColumn("week", date_trunc("week", col("cohort_date")).cast("date"));
        // A cohort week is over once its last local day has ended in every zone (UTC-12 is the last).
        Column weekOver = expr("cast(date_add(week, 7) as timestamp) + INTERVAL 12 HOURS").leq(lit(asOf));
        Column held = coalesce(col("meeting_outcome").equalTo("Held"), lit(false));
        Column m2oOpen = col("meeting_start_at").isNotNull()
                .and(coalesce(col("meeting_outcome").isin("No Show", "Canceled"), lit(false)).equalTo(false))
                .and(col("meeting_start_at").plus(expr("INTERVAL " + M2O_DAYS + " DAYS")).gt(lit(asOf)));
        Column meetingAhead = col("meeting_start_at").gt(lit(asOf))
                .and(coalesce(col("meeting_outcome").equalTo("Canceled"), lit(false)).equalTo(false));

        Column decided = col("sla_accept_met").isNotNull();
        String acceptanceWeek = latestComplete(fct, weekOver, col("sla_accept_met").isNull(), decided);
        String slaWeek = latestComplete(fct, weekOver, col("sla_accept_met").isNull()
                .or(col("sla_contact_met").isNull()), decided);
        String showWeek = latestComplete(fct, weekOver, meetingAhead, col("meeting_start_at").leq(lit(asOf))
                .and(coalesce(col("meeting_outcome").equalTo("Canceled"), lit(false)).equalTo(false)));
        String m2oWeek = latestComplete(fct, weekOver, m2oOpen, held.and(col("meeting_start_at")
                .plus(expr("INTERVAL " + M2O_DAYS + " DAYS")).leq(lit(asOf))));
        String contactWeek = latestComplete(fct, weekOver, col("sla_contact_met").isNull(),
                col("first_contact_at").isNotNull());
        assertTrue(acceptanceWeek != null, "the standard sample has a cohort week past its acceptance windows");

        Dataset<Row> funnel = catalog.read(Tables.MART_HANDOFF_FUNNEL);
        Dataset<Row> sla = catalog.read(Tables.MART_SLA_COMPLIANCE);
        assertCard(cards.get("acceptance_rate"), acceptanceWeek, rate(funnel, acceptanceWeek, "accepted_in_sla",
                "acceptance_eligible"), true);
        assertCard(cards.get("show_rate"), showWeek, rate(funnel, showWeek, "meetings_held", "meetings_due"), true);
        assertCard(cards.get("m2o_rate"), m2oWeek, rate(funnel, m2oWeek, "m2o_converted", "m2o_eligible"), true);
        assertCard(cards.get("sla_compliance_rate"), slaWeek, rate(sla, slaWeek, "both_met", "both_eligible"), true);
        Dataset<Row> contacted = fct.filter(col("first_contact_at").isNotNull()
                .and(col("week").cast("string").equalTo(String.valueOf(contactWeek))));
        Row speed = contacted.agg(expr("percentile(business_hours_to_first_contact, 0.5)"),
                expr("percentile(business_hours_to_first_contact, 0.9)")).head();
        assertCard(cards.get("median_business_hours_to_first_contact"), contactWeek,
                speed.isNullAt(0) ? null : speed.getDouble(0), false);
        assertCard(cards.get("p90_business_hours_to_first_contact"), contactWeek,
                speed.isNullAt(1) ? null : speed.getDouble(1), false);
    }

    /**
     * The latest cohort week that is over at the as-of time, has no handoff for which {@code open} holds and at
     * least one for which {@code counted} does (the rate has a denominator); null when there is none.
     */
    private static String latestComplete(Dataset<Row> fct, Column weekOver, Column open, Column counted) {
        Row r = fct.groupBy("week").agg(sum(when(open, 1).otherwise(0)).as("open"),
                        sum(when(counted, 1).otherwise(0)).as("counted"))
                .filter(col("open").equalTo(0).and(col("counted").gt(0)).and(weekOver))
                .agg(max("week")).head();
        return r.isNullAt(0) ? null : r.get(0).toString();
    }

    private static Double rate(Dataset<Row> mart, String week, String numerator, String denominator) {
        if (week == null) {
            return null;
        }
        Row r = mart.filter(col("week").cast("string").equalTo(week)).agg(sum(numerator), sum(denominator)).head();
        return r.isNullAt(1) || r.getLong(1) == 0 ? null : (double) r.getLong(0) / r.getLong(1);
    }

    private static void assertCard(JsonNode card, String week, Double expected, boolean percent) {
        String metric = card.path("metric").asText();
        if (week == null || expected == null) {
            // No complete week with a value: the card must say so rather than show a partial cohort's number.
            assertEquals("n/a", card.path("value").asText(), metric);
            return;
        }
        assertEquals(week, card.path("week").asText(), metric + " reads the latest complete cohort week");
        assertEquals(percent ? String.format(Locale.ROOT, "%.1f%%", expected * 100)
                : String.format(Locale.ROOT, "%.1f h", expected), card.path("value").asText(), metric);
        assertTrue(card.path("text").asText().contains("week of " + week), metric + ": " + card.path("text"));
    }
}
