package com.handoffwarehouse.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written page opened from disk in a real headless Chromium: it loads offline with no console error,
 * every chart is drawn by ECharts with data in it, the cards and tables show the embedded numbers, and a
 * screenshot is kept at {@value #SCREENSHOT} for a human look. Skipped only where chromium is not installed;
 * .ci/run installs it.
 */
class DashboardChromiumTest {
    static final String SCREENSHOT = "target/dashboard.png";

    @Test
    void thePageRendersEveryChartInChromiumWithNoError(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not on PATH (.ci/run installs Debian's chromium)");
        Path page = DashboardReport.write(DashboardFixture.catalog(), DashboardFixture.AS_OF, dir.resolve("report"));
        JsonNode data = DashboardReportTest.embeddedData(Files.readString(page));
        String url = page.toUri().toString();

        try (HeadlessChromium browser = HeadlessChromium.launch(chromium.get(), dir.resolve("profile"))) {
            String tab = browser.openTab(1400, 2400);
            browser.send(tab, "Page.navigate", java.util.Map.of("url", url));
            browser.await(tab, "document.body != null && document.body.dataset.ready === 'true'");

            JsonNode charts = browser.evaluate(tab, "[...document.querySelectorAll('.chart')].map(e => ({"
                    + "id: e.id, rendered: e.dataset.rendered, series: Number(e.dataset.series),"
                    + "points: Number(e.dataset.points), shapes: e.querySelectorAll('svg path').length,"
                    + "title: echarts.getInstanceByDom(e).getOption().title[0].text,"
                    + "axes: [...echarts.getInstanceByDom(e).getOption().xAxis,"
                    + "       ...echarts.getInstanceByDom(e).getOption().yAxis].map(a => a.name)}))");
            assertEquals(6, charts.size(), "six charts on the page");
            for (JsonNode chart : charts) {
                String id = chart.path("id").asText();
                assertEquals("true", chart.path("rendered").asText(), id + " was rendered by ECharts");
                assertTrue(chart.path("series").asInt() > 0 && chart.path("points").asInt() > 0,
                        id + " drew series with data: " + chart);
                assertTrue(chart.path("shapes").asInt() > 10, id + " has SVG shapes: " + chart);
                assertTrue(!chart.path("title").asText().isBlank(), id + " has a title");
                chart.path("axes").forEach(axis -> assertTrue(axis.asText().matches(".*\\(.*\\)|Cohort week.*|Stage|"
                        + "Checklist item"), id + " names its axis with a unit: " + axis));
            }

            JsonNode cards = browser.evaluate(tab,
                    "[...document.querySelectorAll('.card')].map(c => c.querySelector('.value').textContent)");
            JsonNode acceptanceRow = data.path("headline").get(0);
            assertEquals("acceptance_rate", acceptanceRow.path("metric").asText());
            double acceptance = acceptanceRow.path("value").asDouble();
            assertEquals(String.format(java.util.Locale.ROOT, "%.1f%%", acceptance * 100), cards.get(0).asText());
            assertEquals(6, cards.size());
            assertEquals("50.0%", cards.get(4).asText(), "meeting-to-opportunity of its latest complete week");
            JsonNode m2oCard = browser.evaluate(tab, "document.querySelector('.card[data-metric=\"m2o_rate\"]')"
                    + ".textContent");
            assertTrue(m2oCard.asText().contains("week of 2026-08-31") && m2oCard.asText().contains(
                    "week of 2026-09-14 partly in"), "the card names its week and what is still to come: " + m2oCard);
            JsonNode company = browser.evaluate(tab, "document.querySelector('#breaches tbody tr').cells[2].textContent");
            assertEquals("Globex <Intl>", company.asText(), "the company beside the lead, as text");
            JsonNode breaches = browser.evaluate(tab, "[...document.querySelectorAll('#breaches tbody tr')]"
                    + ".map(r => r.cells[0].textContent)");
            assertEquals(data.path("breaches").size(), breaches.size());
            assertEquals("Maria <Ops> Lopez", breaches.get(0).asText(), "names are shown as text, never as markup");
            assertEquals("failed", browser.evaluate(tab, "document.querySelector('#freshness .badge').textContent")
                    .asText());

            assertEquals(List.of(), browser.errors(), "no console error or uncaught exception");
            assertEquals(List.of(), browser.requests(url), "the page fetches nothing");
            Path shot = Path.of(SCREENSHOT).toAbsolutePath();
            browser.screenshot(tab, shot);
            assertTrue(Files.size(shot) > 20_000, "a screenshot with content at " + shot);
        }
    }
}
