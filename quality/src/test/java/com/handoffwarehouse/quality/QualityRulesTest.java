package com.handoffwarehouse.quality;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The generic rules the silver and gold suites will be listed from. */
class QualityRulesTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-09-10");

    private final SparkSession spark = SharedSpark.session();

    private static CheckOutcome only(String table, Dataset<Row> data, Rule rule) {
        List<CheckOutcome> outcomes = new QualitySuite(table, AS_OF, data, List.of(rule)).run();
        assertEquals(1, outcomes.size());
        return outcomes.get(0);
    }

    private Dataset<Row> intervals(Object[]... rows) {
        StructType schema = new StructType()
                .add("lead_id", DataTypes.StringType)
                .add("valid_from", DataTypes.TimestampType)
                .add("valid_to", DataTypes.TimestampType);
        return spark.createDataFrame(Arrays.stream(rows).map(r -> RowFactory.create(r[0], ts(r[1]), ts(r[2])))
                .toList(), schema);
    }

    private static Timestamp ts(Object day) {
        return day == null ? null : Timestamp.valueOf("2026-09-" + day + " 00:00:00");
    }

    private static final Rule NO_OVERLAP =
            Rules.intervalsDoNotOverlap("intervals disjoint", Level.ERROR, "lead_id", "valid_from", "valid_to");

    @Test
    void overlappingIntervalsOfOneKeyAreCounted() {
        CheckOutcome outcome = only("int_lead_history", intervals(
                new Object[] {"A", "01", "05"}, new Object[] {"A", "03", "07"},
                new Object[] {"B", "01", null}, new Object[] {"B", "04", "06"},
                new Object[] {"C", "01", "02"}, new Object[] {"D", "02", "08"}), NO_OVERLAP);

        assertFalse(outcome.success());
        assertEquals(2.0, outcome.metricValue());
        assertEquals("int_lead_history 2026-09-10: check 'intervals disjoint' failed: "
                + "2 intervals overlap the next interval of the same lead_id", outcome.describe());
    }

    @Test
    void adjacentHalfOpenIntervalsDoNotOverlap() {
        CheckOutcome outcome = only("int_lead_history", intervals(
                new Object[] {"A", "01", "03"}, new Object[] {"A", "03", "07"}, new Object[] {"A", "07", null},
                new Object[] {"B", "03", "04"}), NO_OVERLAP);

        assertTrue(outcome.success(), outcome.message());
        assertEquals(0.0, outcome.metricValue());
    }

    private Dataset<Row> rates(Double... values) {
        return spark.createDataFrame(Arrays.stream(values).map(v -> RowFactory.create(v)).toList(),
                new StructType().add("acceptance_rate", DataTypes.DoubleType));
    }

    @Test
    void aRateAboveOneFails() {
        CheckOutcome outcome = only("mart_sla_compliance", rates(0.5, 1.2, null), Rules.rate("acceptance_rate"));

        assertFalse(outcome.success());
        assertEquals(Level.ERROR, outcome.level());
        assertEquals("share of rows where acceptance_rate between 0.0 and 1.0 is 0.6667 (expected 1.0)",
                outcome.message());
    }

    @Test
    void ratesAtTheBoundsAndUncomputedRatesPass() {
        assertTrue(only("mart_sla_compliance", rates(0.0, 1.0, null), Rules.rate("acceptance_rate")).success());
    }

    @Test
    void aNumeratorAboveItsDenominatorFails() {
        Dataset<Row> funnel = spark.createDataFrame(List.of(RowFactory.create(3L, 4L), RowFactory.create(5L, 4L),
                        RowFactory.create(null, 4L)),
                new StructType().add("accepted_in_sla", DataTypes.LongType)
                        .add("acceptance_eligible", DataTypes.LongType));

        CheckOutcome outcome = only("mart_handoff_funnel", funnel,
                Rules.atMost("accepted_in_sla", "acceptance_eligible"));

        assertFalse(outcome.success());
        assertEquals("accepted_in_sla <= acceptance_eligible", outcome.checkName());
        assertEquals(2.0 / 3, outcome.metricValue(), 1e-9);
    }

    private Dataset<Row> strings(String column, String... values) {
        return spark.createDataFrame(Arrays.stream(values).map(v -> RowFactory.create((Object) v)).toList(),
                new StructType().add(column, DataTypes.StringType));
    }

    @Test
    void aRuleOverNoRowsHoldsVacuously() {
        CheckOutcome outcome = only("mart_sla_compliance", rates(), Rules.rate("acceptance_rate"));

        assertTrue(outcome.success(), outcome.message());
        assertEquals("no rows to check", outcome.message());
        assertEquals(null, outcome.metricValue());
    }

    @Test
    void aCompositeKeyIsUniqueOnlyAsAWhole() {
        Dataset<Row> keys = spark.createDataFrame(List.of(RowFactory.create("L1", 1), RowFactory.create("L1", 2),
                RowFactory.create("L2", 1)), new StructType().add("lead_id", DataTypes.StringType)
                .add("handoff_seq", DataTypes.IntegerType));
        Rule key = Rules.unique("key unique", Level.ERROR, "lead_id", "handoff_seq");

        assertTrue(only("fct_handoff", keys, key).success());
        CheckOutcome duplicated = only("fct_handoff", keys.unionByName(keys.limit(1)), key);
        assertFalse(duplicated.success());
        assertEquals(0.5, duplicated.metricValue());
    }

    @Test
    void aValueOutsideTheListFails() {
        CheckOutcome outcome = only("int_lead_timeline", strings("source", "field", "diff", "guess", null),
                Rules.oneOf("source known", Level.ERROR, "source", List.of("field", "history", "diff")));

        assertFalse(outcome.success());
        assertEquals(0.75, outcome.metricValue());
    }

    @Test
    void keysWithTwoCurrentRowsAreCounted() {
        Dataset<Row> versions = spark.createDataFrame(List.of(RowFactory.create("A", true), RowFactory.create("A", true),
                        RowFactory.create("A", false), RowFactory.create("B", true), RowFactory.create("B", false)),
                new StructType().add("lead_id", DataTypes.StringType).add("is_current", DataTypes.BooleanType));

        CheckOutcome outcome = only("int_lead_history", versions,
                Rules.atMostOnePerKey("one current", Level.ERROR, "lead_id", "is_current"));

        assertFalse(outcome.success());
        assertEquals(1.0, outcome.metricValue());
        assertEquals("1 lead_id values have more than one row where is_current", outcome.message());
    }

    @Test
    void flaggedRowsAreCountedByFlag() {
        CheckOutcome outcome = only("int_lead_timeline",
                strings("data_issue", null, "held_before_booked", "accepted_before_submitted", "held_before_booked"),
                Rules.noneFlagged("data issues", Level.WARNING, "data_issue"));

        assertFalse(outcome.success());
        assertEquals(Level.WARNING, outcome.level());
        assertEquals(3.0, outcome.metricValue());
        assertEquals("3 rows have a data_issue: accepted_before_submitted 1, held_before_booked 2", outcome.message());
        assertTrue(only("int_lead_timeline", strings("data_issue", null, null),
                Rules.noneFlagged("data issues", Level.WARNING, "data_issue")).success());
    }

    @Test
    void aMartTotalMustEqualTheFactsRows() {
        Dataset<Row> facts = strings("lead_id", "L1", "L2", "L3");
        Dataset<Row> mart = spark.createDataFrame(List.of(RowFactory.create(2L), RowFactory.create(2L)),
                new StructType().add("handoffs", DataTypes.LongType));
        Rule rule = Rules.reconciles("handoffs reconcile", Level.ERROR, sum("handoffs"), "fct_handoff", facts,
                count(lit(1)));

        CheckOutcome outcome = only("mart_handoff_funnel", mart, rule);

        assertFalse(outcome.success());
        assertEquals("sum(handoffs) is 4 but count(1) of fct_handoff is 3", outcome.message());
        assertEquals(1.0, outcome.metricValue());
        assertTrue(only("mart_handoff_funnel", mart.limit(0), Rules.reconciles("handoffs reconcile", Level.ERROR,
                sum("handoffs"), "fct_handoff", facts.limit(0), count(lit(1)))).success());
    }
}
