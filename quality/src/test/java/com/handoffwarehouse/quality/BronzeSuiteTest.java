package com.handoffwarehouse.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BronzeSuiteTest {
    private static final LocalDate DATE = LocalDate.parse("2026-09-03");

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path ops;

    private GateResult gate(Dataset<Row> rawLead) {
        BronzeSuite.Settings settings = new BronzeSuite.Settings(List.of("Business_Problem__c"),
                MetricsHistory.at(spark, ops.resolve("metrics_repository.json").toString()), RowCountBounds.DEFAULT);
        return new QualityGate("run-1").run(List.of(BronzeSuite.of(CrmObject.LEAD, DATE, rawLead, settings)));
    }

    private static CheckOutcome outcome(GateResult result, String check) {
        return result.outcomes().stream().filter(o -> o.checkName().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void aCleanSnapshotPassesAndKeysNeedOnlyBeUniqueWithinTheirSnapshot() {
        List<String> ids = BronzeFixtures.ids(20);
        Dataset<Row> rawLead = BronzeFixtures.leads(spark, DATE.minusDays(1), ids)
                .unionByName(BronzeFixtures.leads(spark, DATE, ids));
        GateResult result = gate(rawLead);

        assertTrue(result.passed(), result.failureMessage());
        assertTrue(result.outcomes().stream().allMatch(CheckOutcome::success));
        assertEquals(List.of("key complete", "key unique", "required columns typed", "Status complete",
                        "OwnerId complete", "Intent_Score__c in [0,100]", "NumberOfEmployees non-negative",
                        "row count change"),
                result.outcomes().stream().map(CheckOutcome::checkName).toList());
        assertEquals("Uniqueness of Id,snapshot_date is 1.0", outcome(result, "key unique").message());
        assertEquals(1.0, outcome(result, "key unique").metricValue());
        assertEquals(20.0, outcome(result, "row count change").metricValue());
        assertEquals(0.0, outcome(result, "required columns typed").metricValue());

        Dataset<Row> rows = result.toDataset(spark);
        assertEquals(QualityResults.SCHEMA, rows.schema());
        Row unique = rows.where("check_name = 'key unique'").head();
        assertEquals("run-1", unique.getAs("run_id"));
        assertEquals("raw_lead", unique.getAs("table_name"));
        assertEquals(java.sql.Date.valueOf(DATE), unique.getAs("snapshot_date"));
        assertEquals("Error", unique.getAs("level"));
        assertEquals("Success", unique.getAs("status"));
    }

    @Test
    void duplicateKeysFailWithTheObservedUniqueness() {
        List<String> ids = new ArrayList<>(BronzeFixtures.ids(49));
        ids.add("00Q0");
        GateResult result = gate(BronzeFixtures.leads(spark, DATE, ids));

        assertFalse(result.passed());
        String expected = "raw_lead 2026-09-03: check 'key unique' failed: Uniqueness of Id,snapshot_date is 0.96 "
                + "(expected 1.0)";
        assertEquals(expected, result.failureMessage());
        assertEquals(0.96, outcome(result, "key unique").metricValue(), 1e-9);
        QualityGateFailed failed = assertThrows(QualityGateFailed.class, result::throwIfFailed);
        assertEquals(expected, failed.getMessage());
    }

    @Test
    void aNullKeyFailsKeyCompleteness() {
        List<String> ids = new ArrayList<>(BronzeFixtures.ids(49));
        ids.add(null);
        GateResult result = gate(BronzeFixtures.leads(spark, DATE, ids));

        assertFalse(result.passed());
        CheckOutcome complete = outcome(result, "key complete");
        assertFalse(complete.success());
        assertEquals("raw_lead 2026-09-03: check 'key complete' failed: Completeness of Id is 0.98 (expected 1.0)",
                complete.describe());
        assertTrue(result.failureMessage().contains(complete.describe()));
    }

    @Test
    void aWronglyTypedColumnFailsTheSchemaCheck() {
        GateResult result = gate(BronzeFixtures.leads(spark, DATE, BronzeFixtures.ids(10),
                Map.of("NumberOfEmployees", DataTypes.StringType), Map.of()));

        assertFalse(result.passed());
        assertEquals("raw_lead 2026-09-03: check 'required columns typed' failed: "
                + "NumberOfEmployees is string (expected int)", result.failureMessage());
        assertEquals(1.0, outcome(result, "required columns typed").metricValue());
    }

    @Test
    void implausibleValuesAreWarningsThatDoNotStopTheRun() {
        Map<Integer, Map<String, Object>> values = new HashMap<>();
        values.put(0, Map.of("Intent_Score__c", 120.0));
        values.put(1, Map.of("NumberOfEmployees", -5));
        Map<String, Object> noStatus = new HashMap<>();
        noStatus.put("Status", null);
        values.put(2, noStatus);
        GateResult result = gate(BronzeFixtures.leads(spark, DATE, BronzeFixtures.ids(10), Map.of(), values));

        assertTrue(result.passed(), result.failureMessage());
        CheckOutcome intent = outcome(result, "Intent_Score__c in [0,100]");
        assertFalse(intent.success());
        assertEquals(Level.WARNING, intent.level());
        assertEquals("share of rows where Intent_Score__c between 0.0 and 100.0 is 0.9 (expected 1.0)",
                intent.message());
        assertFalse(outcome(result, "NumberOfEmployees non-negative").success());
        assertEquals(0.9, outcome(result, "Status complete").metricValue(), 1e-9);
    }
}
