package com.handoffwarehouse.jobs.build;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.marts.Dimensions;
import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The effects the generator puts into a 90-day sample (SampleBehaviour: working hours, and conversion that
 * depends on the checklist, the AE's speed and the show-up) come out of the warehouse's marts in the direction
 * they were put in, while the warehouse still finds the ground truth's exact counts.
 */
@Tag("long")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleEffectsTest {
    private WarehouseCatalog catalog;
    private JsonNode truth;
    private Timestamp asOf;

    @BeforeAll
    void shared() {
        SampleWarehouses.Sample sample = SampleWarehouses.get("effects");
        catalog = sample.catalog();
        truth = sample.truth();
        asOf = Timestamp.from(sample.asOf());
    }

    /** Converted over eligible, meeting-to-opportunity as DESIGN section 5 defines it, split by {@code by}. */
    private Map<Boolean, double[]> m2oBy(Column by) {
        Dataset<Row> fct = catalog.read(Tables.FCT_HANDOFF);
        Column deadline = col("meeting_start_at").plus(expr("INTERVAL 30 DAYS"));
        Column eligible = col("meeting_outcome").equalTo("Held").and(deadline.leq(lit(asOf)));
        Column converted = eligible.and(col("opportunity_created_at").isNotNull())
                .and(col("opportunity_created_at").leq(deadline));
        Map<Boolean, double[]> out = new TreeMap<>();
        fct.filter(eligible).groupBy(by.as("key")).agg(sum(when(converted, 1).otherwise(0)), sum(lit(1)))
                .collectAsList().forEach(r -> {
                    if (!r.isNullAt(0)) {
                        out.put(r.getBoolean(0), new double[] {r.getLong(1), r.getLong(2)});
                    }
                });
        return out;
    }

    private static double rate(double[] convertedOfEligible) {
        return convertedOfEligible[0] / convertedOfEligible[1];
    }

    @Test
    void theExactCountsStillMatchTheGroundTruth() {
        Dataset<Row> fct = catalog.read(Tables.FCT_HANDOFF);
        assertEquals(truth.path("handoffs").asLong(), fct.count());
        Map<String, Long> missing = new TreeMap<>();
        fct.select(explode(col("missing_items")).as("item")).groupBy("item").count().collectAsList()
                .forEach(r -> missing.put(r.getString(0), r.getLong(1)));
        truth.path("checklist_missing").fields().forEachRemaining(f ->
                assertEquals(f.getValue().asLong(), missing.getOrDefault(f.getKey(), 0L), f.getKey()));
        Dataset<Row> funnel = catalog.read(Tables.MART_HANDOFF_FUNNEL);
        for (String measure : new String[] {"acceptance_eligible", "accepted_in_sla", "contact_eligible",
                "contacted_in_sla", "meetings_due", "meetings_held", "m2o_eligible", "m2o_converted",
                "opportunities"}) {
            JsonNode expected = measure.startsWith("accept") ? truth.path(measure.equals("accepted_in_sla")
                    ? "accepted_within_sla" : measure) : truth.path("funnel").path(measure);
            assertEquals(expected.asLong(), funnel.agg(sum(measure)).head().getLong(0), measure);
        }
        Map<String, Long> stages = new TreeMap<>();
        catalog.read(Tables.stg(CrmObject.OPPORTUNITY)).groupBy("stage_name").count().collectAsList()
                .forEach(r -> stages.put(r.getString(0), r.getLong(1)));
        truth.path("opportunities_by_stage").fields().forEachRemaining(f ->
                assertEquals(f.getValue().asLong(), stages.getOrDefault(f.getKey(), 0L), f.getKey()));
        assertTrue(stages.getOrDefault("Closed Won", 0L) >= 10 && stages.getOrDefault("Closed Lost", 0L) >= 10,
                "deals are won and lost inside the period: " + stages);
    }

    @Test
    void everyItemWithAnEffectConvertsBetterPresentThanMissingInTheQualityMart() {
        Dataset<Row> quality = catalog.read(Tables.MART_HANDOFF_QUALITY);
        Map<String, double[][]> byItem = new TreeMap<>();
        quality.groupBy("checklist_item", "item_present").agg(sum("m2o_converted"), sum("m2o_eligible"))
                .collectAsList().forEach(r -> byItem.computeIfAbsent(r.getString(0), k -> new double[2][])
                        [r.getBoolean(1) ? 1 : 0] = new double[] {r.getLong(2), r.getLong(3)});
        JsonNode effects = truth.path("parameters").path("behaviour").path("missing_item_effects");
        StringBuilder seen = new StringBuilder();
        effects.fields().forEachRemaining(f -> {
            double[][] rates = byItem.get(f.getKey());
            seen.append(String.format(java.util.Locale.ROOT, "%s %.2f: present %.3f of %.0f, missing %.3f of %.0f%n",
                    f.getKey(), f.getValue().asDouble(), rate(rates[1]), rates[1][1], rate(rates[0]), rates[0][1]));
        });
        System.out.print("[effects] meeting-to-opportunity by checklist item\n" + seen);
        effects.fields().forEachRemaining(f -> {
            if (f.getValue().asDouble() > 0) {
                double[][] rates = byItem.get(f.getKey());
                assertTrue(rate(rates[1]) > rate(rates[0]), f.getKey() + " should convert better present:\n" + seen);
            }
        });
    }

    @Test
    void fastFirstContactAndAHeldMeetingConvertBetter() {
        Map<Boolean, double[]> bySpeed = m2oBy(col("sla_contact_met"));
        System.out.printf("[effects] m2o with first contact in SLA %.3f, outside %.3f%n", rate(bySpeed.get(true)),
                rate(bySpeed.get(false)));
        assertTrue(rate(bySpeed.get(true)) > rate(bySpeed.get(false)));

        Dataset<Row> fct = catalog.read(Tables.FCT_HANDOFF).filter(col("accepted_at").isNotNull()
                .and(col("rejected_at").isNull()));
        Map<String, double[]> byOutcome = new TreeMap<>();
        fct.filter(col("meeting_outcome").isin("Held", "No Show")).groupBy("meeting_outcome")
                .agg(sum(when(col("opportunity_id").isNotNull(), 1).otherwise(0)), sum(lit(1))).collectAsList()
                .forEach(r -> byOutcome.put(r.getString(0), new double[] {r.getLong(1), r.getLong(2)}));
        System.out.printf("[effects] opportunities per accepted handoff: held %.3f, no-show %.3f%n",
                rate(byOutcome.get("Held")), rate(byOutcome.get("No Show")));
        assertTrue(rate(byOutcome.get("Held")) > 2 * rate(byOutcome.get("No Show")));
    }

    @Test
    void mostAeFirstContactsAreInTheAesOwnBusinessHours() {
        Dataset<Row> zones = Dimensions.latest(catalog.read(Tables.DIM_USER))
                .select(col("user_id"), col("time_zone"));
        Dataset<Row> contacts = catalog.read(Tables.FCT_HANDOFF).filter(col("first_contact_at").isNotNull())
                .join(zones, col("current_ae_id").equalTo(col("user_id")))
                .withColumn("local", from_utc_timestamp(col("first_contact_at"), col("time_zone")));
        Column weekday = dayofweek(col("local")).between(2, 6);
        Column inHours = weekday.and(hour(col("local")).geq(9)).and(hour(col("local")).lt(17));
        Row r = contacts.agg(sum(when(inHours, 1).otherwise(0)), sum(lit(1))).head();
        double share = (double) r.getLong(0) / r.getLong(1);
        System.out.printf("[effects] AE first contacts in business hours: %.3f of %d%n", share, r.getLong(1));
        assertTrue(share > 0.7, "share " + share);
        assertTrue(share < 1, "some first contacts are made late or at the weekend");
    }
}
