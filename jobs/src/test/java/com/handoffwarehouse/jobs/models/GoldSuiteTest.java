package com.handoffwarehouse.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.quality.CheckOutcome;
import com.handoffwarehouse.quality.GateResult;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class GoldSuiteTest {
    private static final String[] GOLD = {TableNames.FCT_HANDOFF, TableNames.MART_HANDOFF_FUNNEL,
            TableNames.MART_SLA_COMPLIANCE, TableNames.MART_ROUTING_AUDIT, TableNames.MART_HANDOFF_QUALITY,
            TableNames.MART_SDR_BOOKING, TableNames.MART_WEEKLY_METRICS, TableNames.MART_TEAM_WEEKLY_METRICS,
            TableNames.MART_TEAM_METRICS, TableNames.MART_HEADLINE, TableNames.MART_SPEED_DISTRIBUTION,
            TableNames.MART_CHECKLIST_EFFECT};
    private final TinyOrg org = TinyOrg.get();

    private GateResult gate(Map<String, Dataset<Row>> replaced) {
        return org.gate("run-gold", replaced, GOLD);
    }

    private static CheckOutcome outcome(GateResult result, String table, String check) {
        return result.outcomes().stream().filter(o -> o.tableName().equals(table) && o.checkName().equals(check))
                .findFirst().orElseThrow();
    }

    @Test
    void builtFactsAndMartsPass() {
        GateResult result = gate(Map.of());

        assertTrue(result.passed(), result.failureMessage());
        assertTrue(result.outcomes().stream().allMatch(CheckOutcome::success), result.render(false));
        assertEquals(3, org.table(TableNames.FCT_HANDOFF).count());
        CheckOutcome reconciled = outcome(result, "mart_sla_compliance", "handoffs reconcile with fct_handoff");
        assertEquals("sum(handoffs) is 3, as count(1) of fct_handoff is 3", reconciled.message());
        assertEquals("sum(handoffs) = count(1) of fct_handoff", reconciled.constraint());
        assertEquals(0.0, reconciled.metricValue());
    }

    @Test
    void aRateAboveOneFailsWithTheObservedShare() {
        Dataset<Row> sla = org.table(TableNames.MART_SLA_COMPLIANCE).withColumn("acceptance_rate", lit(1.5));
        GateResult result = gate(Map.of(TableNames.MART_SLA_COMPLIANCE, sla));

        assertFalse(result.passed());
        assertEquals("mart_sla_compliance 2026-09-02: check 'acceptance_rate in [0,1]' failed: share of rows where "
                + "acceptance_rate between 0.0 and 1.0 is 0.0 (expected 1.0)", result.failureMessage());
    }

    @Test
    void aNumeratorAboveItsDenominatorAndAMartThatLostAHandoffFail() {
        Dataset<Row> funnel = org.table(TableNames.MART_HANDOFF_FUNNEL);
        Row first = funnel.head();
        Dataset<Row> broken = funnel.except(funnel.limit(1)).unionByName(funnel.limit(1)
                .withColumn("handoffs", lit(first.<Long>getAs("handoffs") - 1))
                .withColumn("won", col("opportunities").plus(1)));
        GateResult result = gate(Map.of(TableNames.MART_HANDOFF_FUNNEL, broken));

        assertEquals(List.of("won <= opportunities", "handoffs reconcile with fct_handoff"),
                result.failures().stream().map(CheckOutcome::checkName).toList());
        CheckOutcome reconciled = outcome(result, "mart_handoff_funnel", "handoffs reconcile with fct_handoff");
        assertEquals("sum(handoffs) is 2 but count(1) of fct_handoff is 3", reconciled.message());
        assertEquals(-1.0, reconciled.metricValue());
    }

    @Test
    void aHeadlineRateAboveOneAndAReportMartThatLostAHandoffFail() {
        Dataset<Row> headline = org.table(TableNames.MART_HEADLINE)
                .withColumn("value", when(col("metric").equalTo("show_rate"), lit(1.5))
                        .otherwise(col("value")));
        Dataset<Row> weekly = org.table(TableNames.MART_WEEKLY_METRICS);
        Dataset<Row> lost = weekly.withColumn("handoffs", col("handoffs").minus(1));
        GateResult result = gate(Map.of(TableNames.MART_HEADLINE, headline, TableNames.MART_WEEKLY_METRICS, lost));

        assertFalse(outcome(result, "mart_headline", "rates in [0,1]").success());
        CheckOutcome reconciled = outcome(result, "mart_weekly_metrics", "handoffs reconcile with fct_handoff");
        assertFalse(reconciled.success());
        assertEquals(-(double) weekly.count(), reconciled.metricValue());
    }

    @Test
    void aDuplicateHandoffKeyFails() {
        Dataset<Row> fct = org.table(TableNames.FCT_HANDOFF);
        Dataset<Row> handoffs = fct.unionByName(fct.where(col("lead_id").equalTo("L1")));
        GateResult result = gate(Map.of(TableNames.FCT_HANDOFF, handoffs));

        CheckOutcome key = outcome(result, "fct_handoff", "key (lead_id, handoff_seq) unique");
        assertFalse(key.success());
        assertEquals("Uniqueness of lead_id,handoff_seq is 0.5 (expected 1.0)", key.message());
    }
}
