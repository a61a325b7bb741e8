package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.SqlNames;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BronzeIngestTest {
    private static final LocalDate D1 = LocalDate.parse("2026-09-01");
    private static final LocalDate D2 = LocalDate.parse("2026-09-02");
    private static final LocalDate D3 = LocalDate.parse("2026-09-03");
    private static final Instant RUN1 = Instant.parse("2026-09-04T06:00:00Z");
    private static final Instant RUN2 = Instant.parse("2026-09-05T06:00:00Z");

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    private WarehouseCatalog catalog(String name) {
        return new WarehouseCatalog(spark, dir.resolve(name).toString());
    }

    private BronzeIngest ingest(WarehouseCatalog catalog, int datesPerBatch, Progress progress) {
        return new BronzeIngest(catalog, SnapshotFixtures.QUALIFICATION, progress, datesPerBatch);
    }

    private SnapshotFileSource source(Path root, Optional<ColumnMapping> mapping) {
        return SnapshotFileSource.open(spark, root.toString(), mapping);
    }

    /** Table rows as sorted strings, without the columns that legitimately differ between runs. */
    private static List<String> content(WarehouseCatalog catalog, CrmObject object, boolean quarantine,
                                        String... drop) {
        Dataset<Row> t = catalog.read(quarantine ? Tables.quarantine(object) : Tables.raw(object)).drop(drop);
        List<String> cols = new ArrayList<>(List.of(t.columns()));
        cols.sort(null);
        return t.selectExpr(cols.stream().map(c -> "`" + c + "`").toArray(String[]::new))
                .collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static Map<CrmObject, SnapshotFixtures.Rows> withBadLeads(LocalDate date) {
        Map<CrmObject, SnapshotFixtures.Rows> s = SnapshotFixtures.snapshot(date);
        s.get(CrmObject.LEAD)
                .add(SnapshotFixtures.row(CrmObject.LEAD, "Id", "L9", "CreatedDate", "last tuesday"))
                .add(SnapshotFixtures.row(CrmObject.LEAD, "Id", "L1", "CreatedDate", "2026-08-20T10:00:00Z"));
        return s;
    }

    @Test
    void ingestsEveryDateOnceAndReingestingADateReplacesOnlyIt() {
        Path snapshots = dir.resolve("snapshots");
        SnapshotFixtures.write(snapshots, D1, SnapshotFixtures.snapshot(D1));
        SnapshotFixtures.write(snapshots, D2, withBadLeads(D2));
        SnapshotFixtures.write(snapshots, D3, SnapshotFixtures.snapshot(D3));
        WarehouseCatalog catalog = catalog("wh");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SnapshotFileSource source = source(snapshots, Optional.empty());

        BronzeIngest.Result first = ingest(catalog, 2, new Progress(new PrintStream(log, true, StandardCharsets.UTF_8)))
                .run(source, source.dates(), RUN1);

        assertEquals(new BronzeIngest.Count(D2, CrmObject.LEAD, 5, 3, 2), first.counts().stream()
                .filter(c -> c.date().equals(D2) && c.object() == CrmObject.LEAD).findFirst().orElseThrow());
        assertEquals(18, first.counts().size(), "six required objects on three dates");
        assertEquals(2, first.quarantined());
        assertEquals(first.read(), first.written() + first.quarantined());
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[ingest] Lead 2026-09-01..2026-09-02 (2 dates): read 8, "
                + "written 6, quarantined 2 (")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[ingest] LeadHistory 2026-09-03: no extract")),
                lines.toString());

        assertEquals(1, catalog.version(Tables.raw(CrmObject.LEAD)), "dates in batches of two: two commits");
        assertFalse(catalog.exists(Tables.raw(CrmObject.LEAD_HISTORY)), "no history object, no table");
        // Jobs register no names; a reader opening the warehouse finds the tables by name from the folders.
        new SqlNames(catalog).register();
        assertTrue(spark.catalog().tableExists("raw_lead") && spark.catalog().tableExists("quarantine_lead"));
        Dataset<Row> quarantine = catalog.read(Tables.quarantine(CrmObject.LEAD));
        assertEquals(List.of("L1 duplicate_key Id 5", "L9 unparseable_timestamp CreatedDate 4"),
                quarantine.orderBy("_row_number").collectAsList().stream()
                        .map(r -> ((String) r.getAs("raw_record")).substring(7, 9) + " " + r.getAs("rule") + " "
                                + r.getAs("column") + " " + r.getAs("_row_number")).sorted().toList());
        assertEquals(Timestamp.from(RUN1), quarantine.first().getAs("_ingested_at"));
        Row l1 = catalog.read(Tables.raw(CrmObject.LEAD))
                .filter(col("Id").equalTo("L1").and(col("snapshot_date").equalTo(Date.valueOf(D2)))).first();
        assertEquals(Timestamp.from(Instant.parse("2026-08-20T10:00:00Z")), l1.getAs("CreatedDate"));
        assertEquals(1L, (long) l1.getAs("_row_number"), "the first L1 is kept, the later one quarantined");

        Map<CrmObject, List<String>> before = new HashMap<>();
        for (CrmObject o : List.of(CrmObject.LEAD, CrmObject.USER, CrmObject.OPPORTUNITY)) {
            before.put(o, content(catalog, o, false, "_ingested_at"));
        }
        List<String> quarantineBefore = content(catalog, CrmObject.LEAD, true, "_ingested_at");

        ingest(catalog, 2, Progress.silent()).run(source, List.of(D2), RUN2);

        for (CrmObject o : before.keySet()) {
            assertEquals(before.get(o), content(catalog, o, false, "_ingested_at"), o.apiName());
        }
        assertEquals(quarantineBefore, content(catalog, CrmObject.LEAD, true, "_ingested_at"));
        assertEquals(2, catalog.version(Tables.raw(CrmObject.LEAD)), "one more commit");
        Map<Date, String> stamps = new LinkedHashMap<>();
        catalog.read(Tables.raw(CrmObject.LEAD)).select("snapshot_date", "_ingested_at").distinct()
                .orderBy("snapshot_date").collectAsList()
                .forEach(r -> stamps.put(r.getDate(0), r.getTimestamp(1).toInstant().toString()));
        assertEquals(Map.of(Date.valueOf(D1), RUN1.toString(), Date.valueOf(D2), RUN2.toString(),
                Date.valueOf(D3), RUN1.toString()), stamps, "only the re-ingested date is rewritten");
    }

    @Test
    void aFixedReexportClearsQuarantineAndAVanishedOptionalObjectItsRows() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        Map<CrmObject, SnapshotFixtures.Rows> bad = withBadLeads(D1);
        bad.put(CrmObject.LEAD_HISTORY, new SnapshotFixtures.Rows().add(SnapshotFixtures.row(CrmObject.LEAD_HISTORY,
                "LeadId", "L1", "Field", "Status", "NewValue", "Working", "CreatedDate", "2026-08-25T10:00:00Z")));
        SnapshotFixtures.write(snapshots, D1, bad);
        WarehouseCatalog catalog = catalog("wh");
        BronzeIngest ingest = ingest(catalog, BronzeIngest.DEFAULT_DATES_PER_BATCH, Progress.silent());
        ingest.run(source(snapshots, Optional.empty()), List.of(D1), RUN1);
        assertEquals(2, catalog.read(Tables.quarantine(CrmObject.LEAD)).count());
        assertEquals(1, catalog.read(Tables.raw(CrmObject.LEAD_HISTORY)).count());

        Files.delete(snapshots.resolve(D1.toString()).resolve("LeadHistory.csv"));
        Map<CrmObject, SnapshotFixtures.Rows> fixed = SnapshotFixtures.snapshot(D1);
        fixed.get(CrmObject.LEAD).rows.forEach(r -> r.put("Lead_Score_Band__c", "A"));
        SnapshotFixtures.write(snapshots, D1, fixed);
        BronzeIngest.Result second = ingest.run(source(snapshots, Optional.empty()), List.of(D1), RUN2);

        assertEquals(0, second.quarantined());
        assertEquals(0, catalog.read(Tables.quarantine(CrmObject.LEAD)).count());
        assertEquals(0, catalog.read(Tables.raw(CrmObject.LEAD_HISTORY)).count());
        Dataset<Row> leads = catalog.read(Tables.raw(CrmObject.LEAD));
        assertEquals(List.of("A"), leads.select("Lead_Score_Band__c").distinct().as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList(), "a new extra column is added");
        assertEquals("timestamp", leads.schema().apply("CreatedDate").dataType().typeName());
    }

    @Test
    void aMissingRequiredColumnFailsTheRunBeforeAnyWrite() {
        Path snapshots = dir.resolve("snapshots");
        SnapshotFixtures.write(snapshots, D1, SnapshotFixtures.snapshot(D1));
        Map<CrmObject, SnapshotFixtures.Rows> lacking = SnapshotFixtures.snapshot(D2);
        lacking.get(CrmObject.LEAD).rows.forEach(r -> r.remove("Handoff_AE__c"));
        SnapshotFixtures.write(snapshots, D2, lacking);
        SnapshotFileSource source = source(snapshots, Optional.empty());

        WarehouseCatalog fresh = catalog("fresh");
        IngestException e = assertThrows(IngestException.class,
                () -> ingest(fresh, 31, Progress.silent()).run(source, source.dates(), RUN1));
        assertEquals("Snapshot " + snapshots + "/2026-09-02/Lead.csv is missing required column Handoff_AE__c. Add "
                + "the column to the export or map it in a column-mapping file; nothing of this run was written.",
                e.getMessage());
        for (CrmObject o : CrmObject.values()) {
            assertFalse(fresh.exists(Tables.raw(o)) || fresh.exists(Tables.quarantine(o)), o.apiName());
        }

        WarehouseCatalog existing = catalog("existing");
        ingest(existing, 31, Progress.silent()).run(source, List.of(D1), RUN1);
        long version = existing.version(Tables.raw(CrmObject.USER));
        assertThrows(IngestException.class,
                () -> ingest(existing, 31, Progress.silent()).run(source, source.dates(), RUN2));
        assertEquals(version, existing.version(Tables.raw(CrmObject.USER)), "User comes before Lead: untouched");

        IngestException unknown = assertThrows(IngestException.class,
                () -> ingest(existing, 31, Progress.silent()).run(source, List.of(D3), RUN2));
        assertEquals("No snapshot dated [2026-09-03] in snapshot folder " + snapshots + "; it has 2 dates from "
                + "2026-09-01 to 2026-09-02.", unknown.getMessage());
    }

    /** Writes the snapshot the way a HubSpot export would carry it: mapped file names and column labels. */
    private static void writeHubspot(Path root, LocalDate date, Map<CrmObject, SnapshotFixtures.Rows> snapshot,
                                     ColumnMapping mapping) {
        snapshot.forEach((object, rows) -> {
            Map<String, String> labelOf = new HashMap<>();
            mapping.columns(object).forEach((label, api) -> labelOf.put(api, label));
            List<Map<String, String>> relabelled = new ArrayList<>();
            for (Map<String, String> r : rows.rows) {
                Map<String, String> out = new LinkedHashMap<>();
                r.forEach((k, v) -> out.put(labelOf.getOrDefault(k, k), v));
                relabelled.add(out);
            }
            List<String> header = rows.header().stream().map(h -> labelOf.getOrDefault(h, h)).toList();
            String file = mapping.fileBaseName(object).orElse(object.apiName()) + ".csv";
            SnapshotFixtures.writeCsv(root.resolve(date.toString()).resolve(file), header, relabelled);
        });
    }

    @Test
    void aHubspotExportThroughTheMappingGivesTheSameBronzeAsApiNamedCsvs() {
        ColumnMapping hubspot = ColumnMapping.load("hubspot", SnapshotFixtures.QUALIFICATION);
        Path api = dir.resolve("api");
        Path hub = dir.resolve("hubspot");
        for (LocalDate d : List.of(D1, D2)) {
            SnapshotFixtures.write(api, d, withBadLeads(d));
            writeHubspot(hub, d, withBadLeads(d), hubspot);
        }
        assertTrue(Files.exists(hub.resolve(D1 + "/contacts.csv")) && Files.exists(hub.resolve(D1 + "/deals.csv")));
        WarehouseCatalog viaApi = catalog("via-api");
        WarehouseCatalog viaMapping = catalog("via-mapping");
        ingest(viaApi, 31, Progress.silent()).run(source(api, Optional.empty()), List.of(D1, D2), RUN1);
        ingest(viaMapping, 31, Progress.silent()).run(source(hub, Optional.of(hubspot)), List.of(D1, D2), RUN1);

        for (CrmObject o : CrmObject.values()) {
            if (o.optional()) {
                continue;
            }
            assertEquals(content(viaApi, o, false, "_source_file"), content(viaMapping, o, false, "_source_file"),
                    o.apiName());
            assertEquals(content(viaApi, o, true, "_source_file"), content(viaMapping, o, true, "_source_file"),
                    o.apiName());
        }
        assertEquals(4, viaMapping.read(Tables.quarantine(CrmObject.LEAD)).count());

        Map<CrmObject, SnapshotFixtures.Rows> lacking = SnapshotFixtures.snapshot(D2);
        lacking.get(CrmObject.LEAD).rows.forEach(r -> r.remove("Handoff_AE__c"));
        writeHubspot(hub, D2, lacking, hubspot);
        IngestException e = assertThrows(IngestException.class, () -> ingest(viaMapping, 31, Progress.silent())
                .run(source(hub, Optional.of(hubspot)), List.of(D2), RUN2));
        assertEquals("Snapshot " + hub + "/2026-09-02/contacts.csv is missing required column Handoff_AE__c (mapped "
                + "from 'handoff_ae' in conf/mappings/hubspot.yaml). Add the column to the export or map it in a "
                + "column-mapping file; nothing of this run was written.", e.getMessage());
    }
}
