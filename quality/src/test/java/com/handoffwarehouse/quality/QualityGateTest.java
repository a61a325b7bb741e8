package com.handoffwarehouse.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class QualityGateTest {
    private static final LocalDate DATE = LocalDate.parse("2026-09-03");

    private final SparkSession spark = SharedSpark.session();
    private final Dataset<Row> ids = spark.range(3).toDF("Id");

    private QualitySuite typed(String table, Level level) {
        return new QualitySuite(table, DATE, ids,
                List.of(Rules.typedColumns("Id typed", level, Map.of("Id", DataTypes.StringType))));
    }

    @Test
    void aFailedWarningIsRecordedButTheGatePasses() {
        GateResult result = new QualityGate("run-7").run(List.of(typed("raw_user", Level.WARNING)));

        assertTrue(result.passed());
        assertEquals("", result.failureMessage());
        Row row = result.toDataset(spark).head();
        assertEquals("Warning", row.getAs("level"));
        assertEquals("Failure", row.getAs("status"));
        assertEquals("Id is bigint (expected string)", row.getAs("message"));
    }

    @Test
    void everySuiteRunsAndEachErrorIsNamed() {
        GateResult result = new QualityGate("run-8").run(List.of(typed("raw_user", Level.ERROR),
                typed("raw_account", Level.WARNING), typed("raw_task", Level.ERROR)));

        assertFalse(result.passed());
        assertEquals(3, result.outcomes().size());
        QualityGateFailed failed = assertThrows(QualityGateFailed.class, result::throwIfFailed);
        assertEquals("raw_user 2026-09-03: check 'Id typed' failed: Id is bigint (expected string)\n"
                + "raw_task 2026-09-03: check 'Id typed' failed: Id is bigint (expected string)", failed.getMessage());
    }

    @Test
    void ruleNamesAreUniqueWithinASuite() {
        Rule rule = Rules.complete("Id complete", Level.ERROR, "Id");
        assertThrows(IllegalArgumentException.class, () -> new QualitySuite("raw_user", DATE, ids, List.of(rule, rule)));
    }

    @Test
    void theTableListsFailedChecksAndCountsThePassedOnes() {
        Rule typed = Rules.typedColumns("Id typed", Level.ERROR, Map.of("Id", DataTypes.LongType));
        GateResult result = new GateResult("run-9", List.of(
                new CheckOutcome("raw_user", DATE, "key unique", "c", Level.ERROR, true, "Uniqueness of Id is 1.0", 1.0),
                new CheckOutcome("raw_lead", DATE, "row count change", "c", Level.ERROR, false, "row count is 5", 5.0),
                new CheckOutcome("int_lead_timeline", DATE, "data issues", "c", Level.WARNING, false,
                        "2 rows have a data_issue", 2.0)));

        assertEquals(String.join(System.lineSeparator(),
                "status  level    table              date        check             observed",
                "FAILED  Error    raw_lead           2026-09-03  row count change  row count is 5",
                "FAILED  Warning  int_lead_timeline  2026-09-03  data issues       2 rows have a data_issue",
                "1 checks passed, 2 failed (1 blocking)"), result.render(false));
        assertTrue(result.render(true).contains(
                "ok      Error    raw_user           2026-09-03  key unique        Uniqueness of Id is 1.0"));
        assertEquals("1 checks passed", new QualityGate("run-10").run(List.of(new QualitySuite("raw_user", DATE, ids,
                List.of(typed)))).render(false));
    }
}
