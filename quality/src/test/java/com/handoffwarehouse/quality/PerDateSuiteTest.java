package com.handoffwarehouse.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bronze suite over several snapshot dates judges them in one pass, and says exactly what one suite per date
 * says: the same checks, values and messages date by date, failures on the dates that broke them, and the same
 * row counts left in the metrics repository.
 */
class PerDateSuiteTest {
    private static final LocalDate D1 = LocalDate.parse("2026-09-01");
    private static final LocalDate D2 = LocalDate.parse("2026-09-02");
    private static final LocalDate D3 = LocalDate.parse("2026-09-03");

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path ops;

    /** D1 clean (20 leads); D2 a duplicated Id and a lead without Status (21 rows); D3 shrunk to 18 of 21. */
    private Dataset<Row> bronze() {
        List<String> duplicated = new ArrayList<>(BronzeFixtures.ids(20));
        duplicated.add("00Q3");
        Map<String, Object> noStatus = new java.util.HashMap<>();
        noStatus.put("Status", null);
        return BronzeFixtures.leads(spark, D1, BronzeFixtures.ids(20))
                .unionByName(BronzeFixtures.leads(spark, D2, duplicated, Map.of(), Map.of(5, noStatus)))
                .unionByName(BronzeFixtures.leads(spark, D3, BronzeFixtures.ids(18)));
    }

    private BronzeSuite.Settings settings(String repository) {
        return new BronzeSuite.Settings(List.of("Business_Problem__c"),
                MetricsHistory.at(spark, ops.resolve(repository).toString()), RowCountBounds.DEFAULT);
    }

    private static List<String> described(List<CheckOutcome> outcomes) {
        return outcomes.stream().map(o -> o.snapshotDate() + " " + o.checkName() + " " + o.success() + " "
                + o.level() + " " + o.constraint() + ": " + o.message() + " = " + o.metricValue()).toList();
    }

    private int savedCounts(String repository) {
        return new FileSystemMetricsRepository(spark, ops.resolve(repository).toString()).load()
                .withTagValues(MetricsHistory.tags("raw_lead")).get().size();
    }

    @Test
    void oneSuiteOverThreeDatesSaysWhatThreeSuitesSay() {
        Dataset<Row> bronze = bronze();
        List<CheckOutcome> together = BronzeSuite.of(CrmObject.LEAD, List.of(D3, D1, D2), bronze,
                settings("together.json")).run();
        List<CheckOutcome> apart = new ArrayList<>();
        BronzeSuite.Settings separate = settings("apart.json");
        for (LocalDate date : List.of(D1, D2, D3)) {
            apart.addAll(BronzeSuite.of(CrmObject.LEAD, date, bronze, separate).run());
        }

        assertEquals(described(apart), described(together));
        assertEquals(List.of(D2 + " key unique", D2 + " Status complete", D3 + " row count change"),
                together.stream().filter(o -> !o.success()).map(o -> o.snapshotDate() + " " + o.checkName())
                        .toList());
        CheckOutcome unique = together.stream().filter(o -> o.snapshotDate().equals(D2)
                && o.checkName().equals("key unique")).findFirst().orElseThrow();
        assertEquals(19.0 / 21, unique.metricValue(), 1e-9);
        assertEquals(2, savedCounts("together.json"), "D1 and D2 are baselines; the rejected D3 is not");
        assertEquals(savedCounts("apart.json"), savedCounts("together.json"));
    }
}
