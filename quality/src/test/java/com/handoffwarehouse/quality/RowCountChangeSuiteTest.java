package com.handoffwarehouse.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowCountChangeSuiteTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path ops;

    private String repositoryPath;
    private MetricsHistory history;

    @BeforeEach
    void repository() {
        repositoryPath = ops.resolve("metrics_repository.json").toString();
        history = MetricsHistory.at(spark, repositoryPath);
    }

    private GateResult lead(String date, int count) {
        LocalDate day = LocalDate.parse(date);
        BronzeSuite.Settings settings = new BronzeSuite.Settings(List.of(), history, RowCountBounds.DEFAULT);
        return new QualityGate("run-" + date).run(List.of(
                BronzeSuite.of(CrmObject.LEAD, day, BronzeFixtures.leads(spark, day, BronzeFixtures.ids(count)),
                        settings)));
    }

    /** Only the row-count rule, on a bare frame: the repository behaviour without the bronze suite's cost. */
    private CheckOutcome count(String date, int rows) {
        QualitySuite suite = new QualitySuite("raw_opportunity", LocalDate.parse(date), spark.range(rows).toDF(),
                List.of(Rules.rowCountChange("row count change", Level.ERROR, history, RowCountBounds.DEFAULT)));
        return suite.run().get(0);
    }

    private int savedEntries(String table) {
        return new FileSystemMetricsRepository(spark, repositoryPath).load()
                .withTagValues(MetricsHistory.tags(table)).get().size();
    }

    private CheckOutcome accepted(String date, int rows, String acceptedDate) {
        QualitySuite suite = new QualitySuite("raw_opportunity", LocalDate.parse(date), spark.range(rows).toDF(),
                List.of(Rules.acceptedRowCountChange("row count change", Level.ERROR, history,
                        RowCountBounds.DEFAULT, Set.of(LocalDate.parse(acceptedDate)))));
        return suite.run().get(0);
    }

    @Test
    void aLeadExtractThatShrinksByHalfFailsTheGateAndSaysWhatToDo() {
        for (String date : List.of("2026-09-01", "2026-09-02", "2026-09-03")) {
            GateResult result = lead(date, 100);
            assertTrue(result.passed(), result.failureMessage());
        }
        GateResult shrunk = lead("2026-09-04", 50);

        assertFalse(shrunk.passed());
        assertEquals("raw_lead 2026-09-04: check 'row count change' failed: row count is 50 (previous snapshot "
                + "2026-09-03 had 100, ratio 0.5; allowed shrinking by at most 10%); if the extract is complete, "
                + "re-run this date with --accept-volume-change 2026-09-04", shrunk.failureMessage());
        assertEquals(50.0, shrunk.failures().get(0).metricValue());
    }

    @Test
    void shrinkingByExactlyTheShareFromConfigurationPassesAndAnyMoreFails() {
        count("2026-09-01", 100);
        assertTrue(count("2026-09-02", 90).success());

        CheckOutcome lost = count("2026-09-03", 80);

        assertFalse(lost.success());
        assertEquals(Level.ERROR, lost.level());
        assertEquals(80.0, lost.metricValue());
        assertTrue(count("2026-09-04", 81).success(), "a shrink of 10 % of 90 is within the bounds");
    }

    @Test
    void growthBeyondTheShareWarnsAndBecomesTheBaseline() {
        count("2026-09-01", 127);

        CheckOutcome imported = count("2026-09-02", 280);

        assertFalse(imported.success());
        assertEquals(Level.WARNING, imported.level());
        assertFalse(imported.blocksRun());
        assertEquals("row count is 280 (previous snapshot 2026-09-01 had 127, ratio 2.2047; growth above 100% warns)",
                imported.message());
        assertEquals("row count is 270 (previous snapshot 2026-09-02 had 280, ratio 0.9643)",
                count("2026-09-03", 270).message());
    }

    @Test
    void aRejectedCountIsNeverTheBaselineOfTheNextSnapshot() {
        count("2026-09-01", 100);
        assertFalse(count("2026-09-02", 50).success());

        CheckOutcome next = count("2026-09-03", 100);

        assertTrue(next.success(), next.message());
        assertEquals("row count is 100 (previous snapshot 2026-09-01 had 100, ratio 1.0)", next.message());
    }

    @Test
    void anAcceptedShrinkPassesWithTheReasonOnRecordAndBecomesTheBaseline() {
        count("2026-09-01", 296);

        CheckOutcome otherDay = accepted("2026-09-02", 149, "2026-09-03");
        assertFalse(otherDay.success(), "an acceptance names the date it is for");
        assertTrue(otherDay.message().endsWith("re-run this date with --accept-volume-change 2026-09-02"),
                otherDay.message());

        CheckOutcome shrunk = accepted("2026-09-02", 149, "2026-09-02");

        assertTrue(shrunk.success(), shrunk.message());
        assertEquals("row count is 149 (previous snapshot 2026-09-01 had 296, ratio 0.5034; allowed shrinking by "
                + "at most 10%); accepted by the operator for this date", shrunk.message());
        assertTrue(count("2026-09-03", 150).success());
    }

    @Test
    void aPreviousSnapshotBelowTheFloorIsTooSmallForARatio() {
        RowCountBounds floor = new RowCountBounds(0.1, 1.0, 100);
        QualitySuite first = new QualitySuite("raw_opportunity", LocalDate.parse("2026-09-01"),
                spark.range(6).toDF(), List.of(Rules.rowCountChange("row count change", Level.ERROR, history, floor)));
        assertTrue(first.run().get(0).success());
        CheckOutcome halved = new QualitySuite("raw_opportunity", LocalDate.parse("2026-09-02"),
                spark.range(3).toDF(), List.of(Rules.rowCountChange("row count change", Level.ERROR, history, floor)))
                .run().get(0);
        assertTrue(halved.success(), halved.message());
        assertEquals("row count is 3; previous snapshot 2026-09-01 had 6, fewer than the 100 rows a ratio needs",
                halved.message());
    }

    @Test
    void theFirstSnapshotHasNothingToCompareWith() {
        CheckOutcome first = count("2026-09-01", 10);

        assertTrue(first.success());
        assertEquals("row count is 10; no earlier snapshot of raw_opportunity to compare with", first.message());
        assertEquals(10.0, first.metricValue());
    }

    @Test
    void reRunningADateReplacesItsEntryInsteadOfComparingWithItself() {
        count("2026-09-01", 10);
        assertTrue(count("2026-09-02", 10).success());

        CheckOutcome rerun = count("2026-09-02", 9);

        assertTrue(rerun.success(), rerun.message());
        assertEquals("row count is 9 (previous snapshot 2026-09-01 had 10, ratio 0.9)", rerun.message());
        assertEquals(2, savedEntries("raw_opportunity"));
    }

    @Test
    void aBackfilledDateIsComparedWithTheLatestEarlierSnapshotNotTheLastSaved() {
        count("2026-09-01", 10);
        assertTrue(count("2026-09-05", 19).success());

        CheckOutcome backfill = count("2026-09-03", 10);

        assertTrue(backfill.success(), backfill.message());
        assertEquals("row count is 10 (previous snapshot 2026-09-01 had 10, ratio 1.0)", backfill.message());
    }
}
