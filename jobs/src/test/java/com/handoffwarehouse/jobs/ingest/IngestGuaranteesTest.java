package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.cli.ExitCode;
import com.handoffwarehouse.jobs.cli.WarehouseCli;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The ingest's guarantees (issue 13 items 1, 2 and 8) on the tiny hand-written snapshots of {@link SnapshotFixtures},
 * each damaged in the test: every record of a file ends in bronze or quarantine, a file that cannot be read
 * stops the run with one line naming it and a FAILED run_log row, a run that died is marked ABANDONED, and a
 * column that appears or vanishes is reported.
 */
class IngestGuaranteesTest {
    private static final LocalDate D1 = LocalDate.parse("2026-09-01");
    private static final LocalDate D2 = LocalDate.parse("2026-09-02");

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    private record Exit(int code, String err) {
    }

    private static Exit warehouse(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = WarehouseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return new Exit(cli.execute(args), err.toString());
        } finally {
            System.setOut(out);
        }
    }

    private Path leadFile(Path snapshots, LocalDate date) {
        return snapshots.resolve(date.toString()).resolve("Lead.csv");
    }

    private static int headerFields(Path csv) throws IOException {
        return Files.readAllLines(csv).get(0).split(",", -1).length;
    }

    private static void append(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void brokenRecordsGoToQuarantineWithTheirTextAndEveryRecordIsAccountedFor() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        SnapshotFixtures.write(snapshots, D1, SnapshotFixtures.snapshot(D1));
        Path lead = leadFile(snapshots, D1);
        int fields = headerFields(lead);
        // One field too many, and a stray quote inside an unquoted value with the right field count: Spark reads
        // the second leniently into plausible fields, so only the independent tokenizer sees it is broken.
        String extraField = "L8," + String.join(",", Collections.nCopies(fields, "x"));
        String strayQuote = "L9,ab\"c" + ",".repeat(fields - 2);
        append(lead, extraField, strayQuote);

        WarehouseCatalog catalog = new WarehouseCatalog(spark, dir.resolve("wh").toString());
        BronzeIngest.Result result = new BronzeIngest(catalog, SnapshotFixtures.QUALIFICATION, Progress.silent())
                .run(SnapshotFileSource.open(spark, snapshots.toString(), Optional.empty()), List.of(D1),
                        Instant.parse("2026-09-02T06:00:00Z"));

        var leadFile = result.files().stream().filter(f -> f.object() == CrmObject.LEAD).findFirst().orElseThrow();
        assertEquals(5L, leadFile.physicalRecords(), "three leads written by the fixture, two damaged lines");
        assertEquals(3, leadFile.rowsWritten());
        assertEquals(2, leadFile.rowsQuarantined());
        List<Row> quarantined = catalog.read(Tables.quarantine(CrmObject.LEAD)).orderBy(Tables.SNAPSHOT_DATE,
                "_row_number").collectAsList();
        assertEquals(List.of(BronzeValidation.MALFORMED, BronzeValidation.MALFORMED),
                quarantined.stream().map(r -> r.<String>getAs(BronzeValidation.RULE)).toList());
        assertEquals(List.of(extraField, strayQuote),
                quarantined.stream().map(r -> r.<String>getAs(BronzeValidation.RAW_RECORD)).toList());
        assertEquals(List.of("L1", "L2", "L3"), catalog.read(Tables.raw(CrmObject.LEAD)).orderBy("Id")
                .select("Id").collectAsList().stream().map(r -> r.getString(0)).toList());
        // The multi-line notes of L1 are one record to both counts: a quote over lines is not damage by itself.
        assertTrue(catalog.read(Tables.raw(CrmObject.LEAD)).where(col("Id").equalTo("L1")).head()
                .<String>getAs("Business_Problem__c").contains("\n"));
    }

    @Test
    void aJsonLineThatDoesNotParseIsQuarantinedWithItsText() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        Map<CrmObject, SnapshotFixtures.Rows> snapshot = SnapshotFixtures.snapshot(D1);
        SnapshotFixtures.write(snapshots, D1, snapshot);
        Path lead = leadFile(snapshots, D1);
        Files.delete(lead);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (Map<String, String> row : snapshot.get(CrmObject.LEAD).rows) {
            lines.add(json.writeValueAsString(row));
        }
        lines.add(1, "{\"Id\": \"L5\", garbage");
        Files.write(lead.resolveSibling("Lead.json"), lines);

        WarehouseCatalog catalog = new WarehouseCatalog(spark, dir.resolve("wh").toString());
        BronzeIngest.Result result = new BronzeIngest(catalog, SnapshotFixtures.QUALIFICATION, Progress.silent())
                .run(SnapshotFileSource.open(spark, snapshots.toString(), Optional.empty()), List.of(D1),
                        Instant.parse("2026-09-02T06:00:00Z"));

        var leadFile = result.files().stream().filter(f -> f.object() == CrmObject.LEAD).findFirst().orElseThrow();
        assertEquals(4L, leadFile.physicalRecords());
        assertEquals(3, leadFile.rowsWritten());
        Row quarantined = catalog.read(Tables.quarantine(CrmObject.LEAD)).head();
        assertEquals(BronzeValidation.MALFORMED, quarantined.getAs(BronzeValidation.RULE));
        assertEquals("{\"Id\": \"L5\", garbage", quarantined.getAs(BronzeValidation.RAW_RECORD));
        assertEquals(2L, (long) quarantined.<Long>getAs("_row_number"));
    }

    @Test
    void aQuoteThatSwallowsTheLinesAfterItFailsTheFileNamingItsLine() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        SnapshotFixtures.write(snapshots, D1, SnapshotFixtures.snapshot(D1));
        Path lead = leadFile(snapshots, D1);
        int fields = headerFields(lead);
        long brokenLine = Files.readString(lead).chars().filter(c -> c == '\n').count() + 1;
        // An unclosed quote in the second field; the fixture quotes every value, so the parser's quote closes
        // at the next line's first quote and the rows after it run together.
        append(lead, "L7,\"Acme" + ",".repeat(fields - 2),
                "\"L8\"" + ",\"v\"".repeat(fields - 1),
                "\"L9\"" + ",\"v\"".repeat(fields - 1));
        String warehouse = dir.resolve("wh").toString();

        Exit exit = warehouse("ingest", "--snapshots", snapshots.toString(), "--warehouse", warehouse);

        assertEquals(ExitCode.BAD_INPUT.code(), exit.code(), exit.err());
        assertTrue(exit.err().startsWith("error: Snapshot file " + lead + " is broken at line " + brokenLine + ": "),
                exit.err());
        assertTrue(exit.err().contains("Fix the quoting on line " + brokenLine), exit.err());
        assertEquals(1, exit.err().strip().lines().count(), exit.err());
        WarehouseCatalog catalog = new WarehouseCatalog(spark, warehouse);
        assertFalse(catalog.exists(Tables.raw(CrmObject.LEAD)), "nothing of the run was written");
        assertEquals(RunLog.FAILED, catalog.read(Tables.RUN_LOG).head().<String>getAs("status"));
    }

    @Test
    void aTruncatedGzipStopsTheRunWithOneLineAndRunLogSaysFailed() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        SnapshotFixtures.write(snapshots, D1, SnapshotFixtures.snapshot(D1));
        Path plain = leadFile(snapshots, D1);
        // Enough leads that the compressed stream is long, then cut in the middle as an interrupted copy would.
        StringBuilder rows = new StringBuilder(Files.readString(plain));
        int fields = headerFields(plain);
        for (int i = 0; i < 2000; i++) {
            rows.append("\"X").append(i).append('"').append(",\"v").append(i).append('"')
                    .append(",".repeat(fields - 2)).append('\n');
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
        }
        Path truncated = plain.resolveSibling("Lead.csv.gz");
        byte[] bytes = gz.toByteArray();
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(plain);
        String warehouse = dir.resolve("wh").toString();

        Exit exit = warehouse("ingest", "--snapshots", snapshots.toString(), "--warehouse", warehouse);

        assertEquals(ExitCode.BAD_INPUT.code(), exit.code(), exit.err());
        String expected = "Snapshot file " + truncated + " ends before its last record (a truncated download or "
                + "copy?). Copy or export the file again and re-run; nothing of this run was written.";
        assertEquals("error: " + expected, exit.err().strip());
        List<Row> log = new WarehouseCatalog(spark, warehouse).read(Tables.RUN_LOG).collectAsList();
        assertEquals(1, log.size());
        assertEquals(RunLog.FAILED, log.get(0).getAs("status"));
        assertEquals(expected, log.get(0).getAs("error_message"));
    }

    @Test
    void aFolderThatIsNotADateStopsTheRunNamingItAndIsLogged() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        SnapshotFixtures.write(snapshots, D1, SnapshotFixtures.snapshot(D1));
        SnapshotFixtures.write(snapshots, LocalDate.parse("2026-09-03"), SnapshotFixtures.snapshot(D1));
        Files.move(snapshots.resolve("2026-09-03"), snapshots.resolve("2026-13-45"));
        String warehouse = dir.resolve("wh").toString();

        Exit exit = warehouse("ingest", "--snapshots", snapshots.toString(), "--warehouse", warehouse);

        assertEquals(ExitCode.BAD_INPUT.code(), exit.code(), exit.err());
        assertTrue(exit.err().contains(snapshots + "/2026-13-45 (not a calendar date)"), exit.err());
        Row logged = new WarehouseCatalog(spark, warehouse).read(Tables.RUN_LOG).head();
        assertEquals(RunLog.FAILED, logged.getAs("status"));
        assertTrue(logged.<String>getAs("error_message").contains("2026-13-45"));
    }

    @Test
    void aRunThatDiedIsMarkedAbandonedByTheNextRun() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        SnapshotFixtures.write(snapshots, D1, SnapshotFixtures.snapshot(D1));
        WarehouseCatalog catalog = new WarehouseCatalog(spark, dir.resolve("wh").toString());
        // What a killed ingest leaves: its RUNNING row, never finished.
        new RunLog(catalog).started(List.of(new RunLog.Entry("killed-run", "ingest", D1, "snapshot folder x",
                Instant.parse("2026-09-02T06:00:00Z"), null, RunLog.RUNNING, null, null, null, null)));

        new IngestJob(catalog, ConfigLoader.load(Optional.empty()), Progress.silent())
                .run(SnapshotFileSource.open(spark, snapshots.toString(), Optional.empty()), List.of(D1));

        Row killed = catalog.read(Tables.RUN_LOG).where(col("run_id").equalTo("killed-run")).head();
        assertEquals(RunLog.ABANDONED, killed.getAs("status"));
        assertTrue(killed.getAs("finished_at") != null);
        assertTrue(killed.<String>getAs("error_message").startsWith("the run stopped without finishing"));
        assertEquals(0, catalog.read(Tables.RUN_LOG).where(col("status").equalTo(RunLog.RUNNING)).count());
        assertEquals(1, catalog.read(Tables.RUN_LOG).where(col("status").equalTo(RunLog.SUCCEEDED)).count());
    }

    @Test
    void aNewAndAVanishedColumnAreReportedAndRecordedAsWarnings() {
        Path snapshots = dir.resolve("snapshots");
        SnapshotFixtures.write(snapshots, D1, SnapshotFixtures.snapshot(D1));
        Map<CrmObject, SnapshotFixtures.Rows> second = SnapshotFixtures.snapshot(D2);
        second.get(CrmObject.LEAD).rows.forEach(r -> {
            r.remove("Phone");
            r.put("Partner__c", "P-" + r.get("Id"));
        });
        SnapshotFixtures.write(snapshots, D2, second);
        WarehouseCatalog catalog = new WarehouseCatalog(spark, dir.resolve("wh").toString());
        WarehouseConfig config = ConfigLoader.load(Optional.empty());
        new IngestJob(catalog, config, Progress.silent())
                .run(SnapshotFileSource.open(spark, snapshots.toString(), Optional.empty()), List.of(D1));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // A later run, so the comparison goes through the previous run's record in ingest_files.
        BronzeIngest.Result result = new IngestJob(catalog, config, new Progress(new PrintStream(printed, true)))
                .run(SnapshotFileSource.open(spark, snapshots.toString(), Optional.empty()), List.of(D2));

        assertEquals(1, result.drift().size(), result.drift().toString());
        SchemaDrift drift = result.drift().get(0);
        assertEquals(List.of("Partner__c"), drift.added());
        assertEquals(List.of("Phone"), drift.removed());
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("new column Partner__c (kept in bronze)"), output);
        assertTrue(output.contains("column Phone no longer there"), output);
        List<String> warnings = new ArrayList<>();
        catalog.read(Tables.QUALITY_RESULTS).where(col("check_name").equalTo("schema drift")).collectAsList()
                .forEach(r -> warnings.add(r.getAs("table_name") + " " + r.getAs("snapshot_date") + " "
                        + r.getAs("constraint") + " " + r.getAs("level") + " " + r.getAs("status")));
        Collections.sort(warnings);
        assertEquals(List.of("raw_lead 2026-09-02 new column Partner__c Warning Failure",
                "raw_lead 2026-09-02 vanished column Phone Warning Failure"), warnings);
        assertEquals(List.of("P-L1", "P-L2", "P-L3"), catalog.read(Tables.raw(CrmObject.LEAD))
                .where(col(Tables.SNAPSHOT_DATE).equalTo(java.sql.Date.valueOf(D2))).orderBy("Id")
                .select("Partner__c").collectAsList().stream().map(r -> r.getString(0)).toList());
    }
}
