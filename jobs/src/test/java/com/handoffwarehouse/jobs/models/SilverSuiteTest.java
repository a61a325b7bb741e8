package com.handoffwarehouse.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.quality.CheckOutcome;
import com.handoffwarehouse.quality.GateResult;
import com.handoffwarehouse.quality.Level;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SilverSuiteTest {
    private static final String[] SILVER = {TableNames.INT_LEAD_HISTORY, TableNames.INT_ACCOUNT_HISTORY,
            TableNames.INT_USER_HISTORY, TableNames.INT_EVENT_HISTORY, TableNames.INT_OPPORTUNITY_HISTORY,
            TableNames.INT_LEAD_TIMELINE};
    private final TinyOrg org = TinyOrg.get();

    private GateResult gate(Map<String, Dataset<Row>> replaced) {
        return org.gate("run-silver", replaced, SILVER);
    }

    private static CheckOutcome outcome(GateResult result, String table, String check) {
        return result.outcomes().stream().filter(o -> o.tableName().equals(table) && o.checkName().equals(check))
                .findFirst().orElseThrow();
    }

    @Test
    void builtSilverPassesAndItsContradictionsAreCountedAsAWarning() {
        GateResult result = gate(Map.of());

        assertTrue(result.passed(), result.failureMessage());
        assertEquals(List.of("key complete", "versions do not overlap", "at most one current version"),
                result.outcomes().stream().filter(o -> o.tableName().equals("int_account_history"))
                        .map(CheckOutcome::checkName).toList());
        CheckOutcome issues = outcome(result, "int_lead_timeline", "data issues");
        assertEquals(Level.WARNING, issues.level());
        assertFalse(issues.success());
        // L2's submission and its acceptance both carry the flag.
        assertEquals(2.0, issues.metricValue());
        assertEquals("2 rows have a data_issue: accepted_before_submitted 2", issues.message());
        assertEquals(1, result.outcomes().stream().filter(o -> !o.success()).count());
    }

    @Test
    void overlappingVersionsOfALeadFailTheGate() {
        Dataset<Row> history = org.table(TableNames.INT_LEAD_HISTORY);
        Dataset<Row> overlapping = history.unionByName(history.where(col("lead_id").equalTo("L4"))
                .withColumn("valid_from", col("valid_from").plus(expr("INTERVAL 1 HOUR"))));
        GateResult result = gate(Map.of(TableNames.INT_LEAD_HISTORY, overlapping));

        assertFalse(result.passed());
        assertEquals("int_lead_history 2026-09-02: check 'versions do not overlap' failed: 1 intervals overlap the "
                + "next interval of the same lead_id\n"
                + "int_lead_history 2026-09-02: check 'at most one current version' failed: 1 lead_id values have "
                + "more than one row where is_current", result.failureMessage());
        assertEquals(1.0, outcome(result, "int_lead_history", "versions do not overlap").metricValue());
    }

    @Test
    void anUnknownEventTypeAndAMisflaggedInferenceFailTheTimeline() {
        Dataset<Row> timeline = org.table(TableNames.INT_LEAD_TIMELINE);
        Dataset<Row> broken = timeline
                .withColumn("event_type", when(col("event_type").equalTo("LEAD_CREATED"), lit("LEAD_BORN"))
                        .otherwise(col("event_type")))
                .withColumn("ts_inferred", lit(true));
        GateResult result = gate(Map.of(TableNames.INT_LEAD_TIMELINE, broken));

        assertFalse(result.passed());
        assertEquals(List.of("event_type known", "ts_inferred = (source = 'diff')"),
                result.failures().stream().map(CheckOutcome::checkName).toList());
        double created = timeline.where(col("event_type").equalTo("LEAD_CREATED")).count();
        assertEquals(1 - created / timeline.count(),
                outcome(result, "int_lead_timeline", "event_type known").metricValue(), 1e-9);
        assertTrue(outcome(result, "int_lead_timeline", "ts_inferred = (source = 'diff')").message()
                .startsWith("share of rows where ts_inferred = (source = 'diff') is "));
    }
}
