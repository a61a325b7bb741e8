package com.handoffwarehouse.jobs.ingest.fivetran;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.build.WarehouseBuild;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ingest.BronzeIngest;
import com.handoffwarehouse.jobs.ingest.RawSource;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.generator.SampleGenerator;
import com.handoffwarehouse.transforms.Columns;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One generated org written three ways (API-named snapshots, Fivetran's snake_case snapshots with soft deletes,
 * Fivetran History Mode with every version at its instant) through ingest and build. The Fivetran snapshots
 * must give the very same tables; History Mode the same ones up to the times that snapshots can only infer,
 * which it must give exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FivetranShapeTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);
    private static final int DAYS = 12;
    private static final List<TableRef> GOLD = List.of(Tables.FCT_HANDOFF, Tables.FCT_MEETING,
            Tables.FCT_OPPORTUNITY_STAGE, Tables.MART_HANDOFF_FUNNEL, Tables.MART_SLA_COMPLIANCE,
            Tables.MART_SLA_BREACHES_OPEN, Tables.MART_ROUTING_AUDIT, Tables.MART_HANDOFF_QUALITY,
            Tables.MART_STAGE_PROGRESSION, Tables.MART_SDR_BOOKING);
    /** What the routing re-evaluation decides from the account owner and the AE pool at the submission. */
    private static final List<String> ROUTING = List.of("account_owner_id", "expected_ae_id", "expected_pool",
            "routing_rule", "routing_verdict", "completeness_score", "missing_items");
    /** The marts that do not depend on the routing verdict. */
    private static final List<TableRef> ROUTING_FREE = List.of(Tables.FCT_MEETING, Tables.FCT_OPPORTUNITY_STAGE,
            Tables.MART_HANDOFF_FUNNEL, Tables.MART_SLA_COMPLIANCE, Tables.MART_SLA_BREACHES_OPEN,
            Tables.MART_STAGE_PROGRESSION, Tables.MART_SDR_BOOKING);

    private final SparkSession spark = SharedSpark.session();
    private Path historyDir;
    private JsonNode truth;
    private JsonNode fivetranTruth;
    private Dataset<Row> truthHandoffs;
    private WarehouseCatalog api;
    private WarehouseCatalog fivetran;
    private WarehouseCatalog history;
    private String apiLog;
    private String fivetranLog;
    private String historyLog;

    @BeforeAll
    void buildTheSameOrgFromEachShape(@TempDir Path dir) throws Exception {
        Path apiDir = generate(dir.resolve("api"), SampleGenerator.Shape.API);
        Path fivetranDir = generate(dir.resolve("fivetran"), SampleGenerator.Shape.FIVETRAN_SNAPSHOTS);
        historyDir = generate(dir.resolve("history"), SampleGenerator.Shape.FIVETRAN_HISTORY_MODE);
        truth = new ObjectMapper().readTree(apiDir.resolve("ground_truth.json").toFile());
        fivetranTruth = new ObjectMapper().readTree(fivetranDir.resolve("ground_truth.json").toFile());
        truthHandoffs = spark.read().option("header", "true").csv(apiDir.resolve("ground_truth_handoffs.csv").toString())
                .cache();
        WarehouseConfig config = ConfigLoader.load(Optional.empty());
        List<String> leadFields = config.checklist().requiredLeadFields();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8));
        api = catalog(dir, "wh-api");
        build(api, config, SnapshotFileSource.open(spark, apiDir.toString(), Optional.empty(), leadFields, progress));
        apiLog = out.toString(StandardCharsets.UTF_8);
        out.reset();
        fivetran = catalog(dir, "wh-fivetran");
        build(fivetran, config, SnapshotFileSource.open(spark, fivetranDir.toString(), Optional.empty(), leadFields,
                progress));
        fivetranLog = out.toString(StandardCharsets.UTF_8);
        out.reset();
        history = catalog(dir, "wh-history");
        build(history, config, FivetranHistoryModeSource.open(spark, historyDir.toString(), leadFields, progress));
        historyLog = out.toString(StandardCharsets.UTF_8);
    }

    private static Path generate(Path out, SampleGenerator.Shape shape) {
        SampleGenerator.generate(new SampleGenerator.Settings(out, START, DAYS, 300, 11, SampleGenerator.Format.CSV,
                0.0, shape), null, line -> { });
        return out;
    }

    private WarehouseCatalog catalog(Path dir, String name) {
        return new WarehouseCatalog(spark, dir.resolve(name).toString());
    }

    // The bronze gate is IngestJob's and tested there; this test is about what the shapes hold.
    private static void build(WarehouseCatalog catalog, WarehouseConfig config, RawSource source) {
        new BronzeIngest(catalog, config.checklist().requiredLeadFields(), Progress.silent())
                .run(source, source.dates(), Instant.parse("2026-09-20T00:00:00Z"));
        new WarehouseBuild(catalog, config, RoutingRulesLoader.load(Optional.empty()), Progress.silent())
                .run(Optional.empty());
    }

    @Test
    void eachShapeIsDetectedAndSaid() {
        assertTrue(apiLog.contains("input shape: api (detected)"), apiLog);
        assertTrue(fivetranLog.contains("input shape: fivetran-salesforce (detected)"), fivetranLog);
        assertTrue(historyLog.contains("History Mode, " + DAYS + " daily snapshots from " + START + " to "
                + START.plusDays(DAYS - 1)), historyLog);
    }

    @Test
    void fivetranSnapshotsGiveTheSameSilverAndGold() {
        for (TableRef table : List.of(Tables.INT_LEAD_HISTORY, Tables.INT_ACCOUNT_HISTORY, Tables.INT_USER_HISTORY,
                Tables.INT_LEAD_TIMELINE)) {
            assertSame(api, fivetran, table, List.of());
        }
        GOLD.forEach(table -> assertSame(api, fivetran, table, List.of()));
    }

    @Test
    void fivetranBookkeepingIsNotCarriedIntoBronze() {
        for (WarehouseCatalog catalog : List.of(fivetran, history)) {
            for (CrmObject object : List.of(CrmObject.LEAD, CrmObject.USER, CrmObject.EVENT,
                    CrmObject.OPPORTUNITY_HISTORY)) {
                List<String> columns = Arrays.asList(catalog.read(Tables.raw(object)).columns());
                assertTrue(columns.stream().noneMatch(c -> c.startsWith("_fivetran") || c.equals("is_deleted")),
                        object + ": " + columns);
                assertTrue(columns.contains(object.requiredColumns().get(1).name()), object + ": " + columns);
            }
        }
    }

    @Test
    void aRecordFlaggedDeletedLeavesTheCurrentStateAndGetsLeadDeleted() {
        long deleted = truth.path("leads_deleted").asLong();
        assertTrue(deleted > 0, "the sample must delete some leads");
        long flagged = fivetranTruth.path("files").path("Lead").path(START.plusDays(DAYS - 1).toString())
                .path("flagged_deleted").asLong();
        assertTrue(flagged >= deleted, "the last Fivetran lead file keeps the deleted leads, flagged: " + flagged);
        Dataset<Row> goneEvents = fivetran.read(Tables.INT_LEAD_TIMELINE).filter(col("event_type").equalTo("LEAD_DELETED"));
        assertEquals(deleted, goneEvents.count());
        Dataset<Row> stgLead = fivetran.read(Tables.stg(CrmObject.LEAD));
        assertEquals(deleted, stgLead.filter(col("is_deleted")).count());
        assertEquals(0, stgLead.filter(col("is_deleted")).join(goneEvents, "lead_id", "left_anti").count(),
                "every lead gone from the current state has its LEAD_DELETED");
    }

    @Test
    void historyModeGivesTheSameHandoffsExceptRoutingAtTheExactSubmissionTime() {
        Dataset<Row> apiFacts = api.read(Tables.FCT_HANDOFF);
        Dataset<Row> historyFacts = history.read(Tables.FCT_HANDOFF);
        assertEquals(truth.path("handoffs").asLong(), historyFacts.count());
        assertSame(api, history, Tables.FCT_HANDOFF, ROUTING);

        Dataset<Row> expected = truthHandoffs.select(col("lead_id"), col("handoff_seq").cast("int").as("handoff_seq"),
                col("routing_verdict").as("t_snapshot"), col("routing_verdict_exact").as("t_exact"),
                col("expected_ae_or_pool").as("t_expected"), col("expected_ae_or_pool_exact").as("t_expected_exact"));
        assertEquals(0, verdictMismatches(apiFacts, expected, "t_snapshot"), "API shape against the day-precise truth");
        assertEquals(0, verdictMismatches(historyFacts, expected, "t_exact"), "History Mode against the exact truth");
        long moved = expected.filter(col("t_snapshot").notEqual(col("t_exact"))).count();
        System.out.println("[FivetranShapeTest] handoffs whose verdict changes with the exact time: " + moved);
        assertTrue(moved > 0, "the sample must have handoffs routed right after a same-day org change");

        Dataset<Row> unmoved = expected.filter(col("t_snapshot").equalTo(col("t_exact"))
                        .and(col("t_expected").eqNullSafe(col("t_expected_exact")))).select("lead_id", "handoff_seq");
        assertEquals(0, comparable(historyFacts.join(unmoved, joinKeys()))
                .exceptAll(comparable(apiFacts.join(unmoved, joinKeys()))).count(),
                "a handoff whose routing facts did not change that day is identical in every column");
    }

    private static long verdictMismatches(Dataset<Row> facts, Dataset<Row> expected, String column) {
        return facts.join(expected, joinKeys(), "full_outer")
                .filter(col("routing_verdict").isNull().or(col(column).isNull())
                        .or(col("routing_verdict").notEqual(col(column))))
                .count();
    }

    private static scala.collection.Seq<String> joinKeys() {
        return Columns.using("lead_id", "handoff_seq");
    }

    @Test
    void historyModeMartsAreTheSameAndRoutingFollowsTheExactTruth() {
        ROUTING_FREE.forEach(table -> assertSame(api, history, table, List.of()));
        Map<String, Long> byVerdict = new TreeMap<>();
        history.read(Tables.MART_ROUTING_AUDIT).groupBy("routing_verdict").agg(functions.sum("handoffs"))
                .collectAsList().forEach(r -> byVerdict.put(r.getString(0), r.getLong(1)));
        Map<String, Long> exact = new TreeMap<>();
        truth.path("routing_verdicts_exact").fields().forEachRemaining(f -> exact.put(f.getKey(), f.getValue().asLong()));
        assertEquals(exact, byVerdict);
    }

    @Test
    void historyModeKeepsEveryExactEventAndDatesTheInferredOnesExactly() {
        Dataset<Row> apiTimeline = comparable(api.read(Tables.INT_LEAD_TIMELINE));
        Dataset<Row> historyTimeline = comparable(history.read(Tables.INT_LEAD_TIMELINE)).cache();
        Dataset<Row> apiExact = apiTimeline.filter(col("ts_inferred").equalTo(false));
        assertEquals(0, apiExact.exceptAll(historyTimeline).count(),
                "an event the snapshots already date exactly is the same");
        assertEquals(0, historyTimeline.filter(col("ts_inferred")).count(), "History Mode infers no time");

        Dataset<Row> inferred = apiTimeline.filter(col("ts_inferred"));
        assertTrue(inferred.filter(col("event_type").equalTo("MEETING_RESCHEDULED")).count() > 0);
        assertTrue(inferred.filter(col("event_type").equalTo("LEAD_DELETED")).count() > 0);
        Dataset<Row> exactly = historyTimeline.exceptAll(apiExact);
        assertEquals(inferred.count(), exactly.count(), "History Mode has an exact event for each inferred one");
        assertEquals(0, exactly.filter(col("source").notEqual("history")).count());
        // A change first seen by the first snapshot may be older than the period, as History Mode tells.
        Dataset<Row> paired = inferred.as("a").join(exactly.as("h"), col("a.lead_id").equalTo(col("h.lead_id"))
                        .and(col("a.event_type").equalTo(col("h.event_type")))
                        .and(col("a.attributes").equalTo(col("h.attributes")))
                        .and(col("h.event_ts").leq(col("a.event_ts")))
                        .and(to_date(col("a.event_ts")).equalTo(to_date(col("h.event_ts")))
                                .or(to_date(col("a.event_ts")).equalTo(lit(START.toString()).cast("date")))))
                .select(col("a.lead_id").as("lead_id"), col("a.event_type").as("event_type"),
                        col("a.event_ts").as("seen_at"), col("h.event_ts").as("exact_at"),
                        functions.get_json_object(col("a.attributes"), "$.meeting_id").as("meeting_id"))
                .cache();
        assertEquals(inferred.count(), paired.count(), "the same events, no later and on the same day");

        Dataset<Row> deletions = paired.filter(col("event_type").equalTo("LEAD_DELETED"));
        assertEquals(0, deletions.join(deletionsInFiles(), col("lead_id").equalTo(col("f_id"))
                .and(col("exact_at").equalTo(col("f_at"))), "left_anti").count(),
                "LEAD_DELETED at the deletion instant of the History Mode file");
        Dataset<Row> moves = paired.filter(col("event_type").isin("MEETING_RESCHEDULED", "MEETING_CANCELED"));
        assertEquals(0, moves.join(eventVersionsInFiles(), col("meeting_id").equalTo(col("f_id"))
                        .and(col("seen_at").between(col("f_start"), col("f_end")))
                        .and(col("exact_at").equalTo(col("f_start"))), "left_anti").count(),
                "a move dated at the start of the Event version the snapshot that saw it holds");
    }

    @Test
    void historyModeVersionsStartWhenTheRecordChanged() {
        Dataset<Row> versions = history.read(Tables.INT_ACCOUNT_HISTORY).filter(col("change_source").equalTo("history"));
        assertTrue(versions.count() > 0, "some accounts change owner during the period");
        Dataset<Row> account = historyFile("account").select(col("id").as("f_id"),
                col("_fivetran_start").cast("timestamp").as("f_at"));
        assertEquals(0, versions.join(account, col("account_id").equalTo(col("f_id"))
                .and(col("valid_from").equalTo(col("f_at"))), "left_anti").count());
        assertEquals(api.read(Tables.INT_ACCOUNT_HISTORY).filter(col("change_source").equalTo("diff")
                .and(col("version_no").gt(1))).count(), versions.count(), "the changes the snapshots infer");
    }

    /** Every lead whose last version in lead.csv ended inactive, and when. */
    private Dataset<Row> deletionsInFiles() {
        Dataset<Row> lead = historyFile("lead");
        Dataset<Row> last = lead.groupBy(col("id").as("l_id")).agg(functions.max(col("_fivetran_start")).as("l_start"));
        return lead.join(last, col("id").equalTo(col("l_id")).and(col("_fivetran_start").equalTo(col("l_start"))))
                .filter(col("_fivetran_active").equalTo("FALSE"))
                .select(col("id").as("f_id"), col("_fivetran_end").cast("timestamp").as("f_at"));
    }

    /** Every Event version of the History Mode file, with its start and end. */
    private Dataset<Row> eventVersionsInFiles() {
        return historyFile("event").select(col("id").as("f_id"),
                col("_fivetran_start").cast("timestamp").as("f_start"),
                col("_fivetran_end").cast("timestamp").as("f_end"));
    }

    private Dataset<Row> historyFile(String table) {
        return spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(historyDir.resolve(table + ".csv").toString());
    }

    private static void assertSame(WarehouseCatalog expected, WarehouseCatalog actual, TableRef table,
                                   List<String> except) {
        Dataset<Row> want = comparable(expected.read(table).drop(except.toArray(String[]::new)));
        Dataset<Row> got = comparable(actual.read(table).drop(except.toArray(String[]::new)));
        assertTrue(want.count() > 0 || table == Tables.MART_SLA_BREACHES_OPEN, table.name() + " is empty");
        assertEquals(0, got.exceptAll(want).count(), table.name() + " has rows the API shape lacks");
        assertEquals(0, want.exceptAll(got).count(), table.name() + " lacks rows of the API shape");
    }

    /**
     * Columns by name, since set operations match them by position and bronze orders extra columns by name,
     * which differ in case between the shapes; set operations refuse map columns, whose JSON compares the same.
     */
    private static Dataset<Row> comparable(Dataset<Row> df) {
        List<Column> columns = Arrays.stream(df.schema().fields()).sorted(Comparator.comparing(StructField::name))
                .map(f -> f.dataType() instanceof MapType ? functions.to_json(col(f.name())).as(f.name()) : col(f.name()))
                .toList();
        return df.select(columns.toArray(Column[]::new));
    }
}
