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

    @Test
    void aLeadExtractThatShrinksByHalfFailsTheGate() {
        for (String date : List.of("2026-09-01", "2026-09-02", "2026-09-03")) {
            GateResult result = lead(date, 100);
            assertTrue(result.passed(), result.failureMessage());
        }
        GateResult shrunk = lead("2026-09-04", 50);

        assertFalse(shrunk.passed());
        assertEquals("raw_lead 2026-09-04: check 'row count change' failed: row count is 50 (previous snapshot "
                + "2026-09-03 had 100, ratio 0.5; allowed strictly between 0.5 and 2.0)", shrunk.failureMessage());
        assertEquals(50.0, shrunk.failures().get(0).metricValue());
    }

    @Test
    void theBoundsThemselvesFail() {
        count("2026-09-01", 10);
        assertTrue(count("2026-09-02", 19).success());

        CheckOutcome doubled = count("2026-09-03", 38);

        assertFalse(doubled.success());
        assertEquals("row count is 38 (previous snapshot 2026-09-02 had 19, ratio 2.0; allowed strictly between "
                + "0.5 and 2.0)", doubled.message());
    }

    @Test
    void aPreviousSnapshotBelowTheFloorIsTooSmallForARatio() {
        RowCountBounds floor = new RowCountBounds(0.5, 2.0, 100);
        QualitySuite first = new QualitySuite("raw_opportunity", LocalDate.parse("2026-09-01"),
                spark.range(3).toDF(), List.of(Rules.rowCountChange("row count change", Level.ERROR, history, floor)));
        assertTrue(first.run().get(0).success());
        CheckOutcome doubled = new QualitySuite("raw_opportunity", LocalDate.parse("2026-09-02"),
                spark.range(6).toDF(), List.of(Rules.rowCountChange("row count change", Level.ERROR, history, floor)))
                .run().get(0);
        assertTrue(doubled.success(), doubled.message());
        assertEquals("row count is 6; previous snapshot 2026-09-01 had 3, fewer than the 100 rows a ratio needs",
                doubled.message());
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
        assertFalse(count("2026-09-02", 5).success());

        CheckOutcome rerun = count("2026-09-02", 10);

        assertTrue(rerun.success(), rerun.message());
        assertEquals("row count is 10 (previous snapshot 2026-09-01 had 10, ratio 1.0)", rerun.message());
        assertEquals(2, savedEntries("raw_opportunity"));
    }

    @Test
    void aBackfilledDateIsComparedWithTheLatestEarlierSnapshotNotTheLastSaved() {
        count("2026-09-01", 10);
        assertTrue(count("2026-09-05", 19).success());

        CheckOutcome backfill = count("2026-09-03", 6);

        assertTrue(backfill.success(), backfill.message());
        assertEquals("row count is 6 (previous snapshot 2026-09-01 had 10, ratio 0.6)", backfill.message());
    }
}
