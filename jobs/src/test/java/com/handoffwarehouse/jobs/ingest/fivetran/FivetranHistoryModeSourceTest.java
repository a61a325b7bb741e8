package com.handoffwarehouse.jobs.ingest.fivetran;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.ingest.IngestException;
import com.handoffwarehouse.jobs.ingest.RawExtract;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A hand-written History Mode folder cut into daily snapshots, with the version and deletion times kept. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FivetranHistoryModeSourceTest {
    private static final List<String> QUALIFICATION = List.of("Business_Problem__c");
    private static final String OPEN = "9999-12-31 23:59:59.999";

    private final SparkSession spark = SharedSpark.session();
    private Path folder;
    private FivetranHistoryModeSource source;
    private String log;

    /** A History Mode table of {@code object}: every contract column in Fivetran's spelling, then the versions. */
    private static void table(Path folder, CrmObject object, List<Map<String, String>> versions) throws IOException {
        List<String> columns = new ArrayList<>();
        for (CrmColumn c : com.handoffwarehouse.transforms.staging.BronzeValidation.requiredColumns(object,
                QUALIFICATION)) {
            columns.add(FivetranSalesforce.columnName(c.name()));
        }
        columns.addAll(List.of("is_deleted", FivetranSalesforce.START, FivetranSalesforce.END,
                FivetranSalesforce.ACTIVE, FivetranSalesforce.SYNCED));
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", columns));
        for (Map<String, String> v : versions) {
            lines.add(columns.stream().map(c -> v.getOrDefault(c, "")).collect(Collectors.joining(",")));
        }
        Files.write(folder.resolve(FivetranSalesforce.tableName(object) + ".csv"), lines);
    }

    private static Map<String, String> version(String start, String end, boolean active, String synced,
                                               String... pairs) {
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            v.put(pairs[i], pairs[i + 1]);
        }
        v.put(FivetranSalesforce.START, start);
        v.put(FivetranSalesforce.END, end);
        v.put(FivetranSalesforce.ACTIVE, active ? "TRUE" : "FALSE");
        v.put(FivetranSalesforce.SYNCED, synced);
        v.putIfAbsent("is_deleted", "FALSE");
        return v;
    }

    @BeforeAll
    void writeFolder(@TempDir Path dir) throws IOException {
        folder = Files.createDirectories(dir.resolve("history"));
        // L1: owner changes at 10:15 on the 2nd, and again at 16:00 the same day.
        // L2: deleted at 18:00 on the 2nd (its last version ends and is inactive).
        // L3: soft-deleted in Salesforce at 12:00 on the 3rd (a new version flagged is_deleted).
        // L4: existed long before History Mode began; its only version starts years earlier.
        String[] lead = {"created_date", "2026-08-20 09:00:00", "status", "Open", "company", "Acme",
                "is_converted", "FALSE"};
        table(folder, CrmObject.LEAD, List.of(
                version("2026-09-01 08:00:00.000", "2026-09-02 10:14:59.999", false, "2026-09-01 08:10:00",
                        with(lead, "id", "L1", "owner_id", "u1")),
                version("2026-09-02 10:15:00.000", "2026-09-02 15:59:59.999", false, "2026-09-02 10:25:00",
                        with(lead, "id", "L1", "owner_id", "u2")),
                version("2026-09-02 16:00:00.000", OPEN, true, "2026-09-02 16:10:00",
                        with(lead, "id", "L1", "owner_id", "u3")),
                version("2026-09-01 09:00:00.000", "2026-09-02 18:00:00.000", false, "2026-09-01 09:10:00",
                        with(lead, "id", "L2", "owner_id", "u1")),
                version("2026-09-01 09:30:00.000", "2026-09-03 11:59:59.999", false, "2026-09-01 09:40:00",
                        with(lead, "id", "L3", "owner_id", "u1")),
                version("2026-09-03 12:00:00.000", OPEN, true, "2026-09-03 12:10:00",
                        with(lead, "id", "L3", "owner_id", "u1", "is_deleted", "TRUE")),
                version("2023-01-05 07:00:00.000", OPEN, true, "2026-09-01 00:10:00",
                        with(lead, "id", "L4", "owner_id", "u1"))));
        String[] user = {"name", "Ann", "is_active", "TRUE", "sales_role_c", "AE", "region_c", "NA",
                "segment_c", "SMB", "time_zone_sid_key", "America/New_York"};
        table(folder, CrmObject.USER, List.of(version("2024-01-01 00:00:00.000", OPEN, true, "2026-09-01 00:10:00",
                with(user, "id", "u1"))));
        for (CrmObject empty : List.of(CrmObject.ACCOUNT, CrmObject.EVENT, CrmObject.TASK, CrmObject.OPPORTUNITY)) {
            table(folder, empty, List.of());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source = FivetranHistoryModeSource.open(spark, folder.toString(), QUALIFICATION,
                new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)));
        log = out.toString(StandardCharsets.UTF_8);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private Map<String, Row> leads(LocalDate date) {
        return leads(source, date);
    }

    private Map<String, Row> leads(FivetranHistoryModeSource from, LocalDate date) {
        RawExtract extract = from.read(spark, CrmObject.LEAD, date).orElseThrow();
        Map<String, Row> out = new LinkedHashMap<>();
        for (Row r : extract.rows().select(col("Id"), col("OwnerId"), col(Bronze.VERSION_START),
                col(Bronze.DELETED_AT)).collectAsList()) {
            out.put(r.getString(0), r);
        }
        return out;
    }

    @Test
    void theDaysAreThoseTheConnectorSynced() {
        assertEquals(List.of(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 2), LocalDate.of(2026, 9, 3)),
                source.dates());
        assertTrue(log.contains("History Mode, 3 daily snapshots from 2026-09-01 to 2026-09-03"), log);
    }

    @Test
    void eachDayHoldsTheVersionActiveAtItsEndWithThatVersionsStart() {
        Map<String, Row> first = leads(LocalDate.of(2026, 9, 1));
        assertEquals(List.of("L1", "L2", "L3", "L4"), List.copyOf(first.keySet()));
        assertEquals("u1", first.get("L1").getString(1));
        Map<String, Row> second = leads(LocalDate.of(2026, 9, 2));
        assertEquals(List.of("L1", "L3", "L4"), List.copyOf(second.keySet()), "L2 was deleted at 18:00");
        assertEquals("u3", second.get("L1").getString(1), "the day's last version");
        assertEquals("2026-09-02 16:00:00", second.get("L1").getString(2));
        assertEquals("2023-01-05 07:00:00", second.get("L4").getString(2));
        assertEquals(List.of("L1", "L4"), List.copyOf(leads(LocalDate.of(2026, 9, 3)).keySet()),
                "L3 was soft-deleted, a version flagged is_deleted");
    }

    @Test
    void aDeletedRecordCarriesItsDeletionTimeOnEveryRow() {
        Map<String, Row> first = leads(LocalDate.of(2026, 9, 1));
        assertEquals("2026-09-02 18:00:00", first.get("L2").getString(3));
        assertEquals("2026-09-03 12:00:00", first.get("L3").getString(3));
        assertNull(first.get("L1").get(3));
    }

    @Test
    void fivetranBookkeepingDoesNotReachBronze() {
        List<String> columns = source.read(spark, CrmObject.LEAD, LocalDate.of(2026, 9, 1)).orElseThrow().columns();
        assertTrue(columns.stream().noneMatch(c -> c.startsWith("_fivetran") || c.equals("is_deleted")), "" + columns);
        assertTrue(columns.containsAll(List.of("Id", "OwnerId", "IsConverted", "Business_Problem__c")), "" + columns);
    }

    @Test
    void aTableWithoutVersionColumnsIsRefusedByName(@TempDir Path dir) throws IOException {
        for (Path p : Files.list(folder).toList()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        Files.write(dir.resolve("task.csv"), List.of("id,who_id", "T1,L1"));
        IngestException e = assertThrows(IngestException.class,
                () -> FivetranHistoryModeSource.open(spark, dir.toString(), QUALIFICATION, Progress.silent()));
        assertTrue(e.getMessage().contains("task.csv has no _fivetran_start"), e.getMessage());
    }

    /** A version row whose field count is broken cannot be cut into days: the table is refused at its line. */
    @Test
    void aBrokenVersionRowRefusesTheTableNamingItsLine(@TempDir Path dir) throws IOException {
        for (Path p : Files.list(folder).toList()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        Path lead = dir.resolve(FivetranSalesforce.tableName(CrmObject.LEAD) + ".csv");
        long line = Files.readAllLines(lead).size() + 1;
        Files.writeString(lead, "L9,2026-09-01 08:00:00.000\n", java.nio.file.StandardOpenOption.APPEND);
        IngestException e = assertThrows(IngestException.class,
                () -> FivetranHistoryModeSource.open(spark, dir.toString(), QUALIFICATION, Progress.silent()));
        assertTrue(e.getMessage().startsWith("History Mode table " + lead + " is broken at line " + line + " ("),
                e.getMessage());
    }

    /**
     * The lead table as Spark or a sync tool writes it: a folder of part files, each with the header, beside
     * _SUCCESS and a .crc file; the second part holds {@code extra} lines after its own.
     *
     * @return the second part file
     */
    private Path leadAsParts(Path dir, String extra) throws IOException {
        for (Path p : Files.list(folder).toList()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        Path lead = dir.resolve(FivetranSalesforce.tableName(CrmObject.LEAD) + ".csv");
        List<String> lines = Files.readAllLines(lead);
        Files.delete(lead);
        Path parts = Files.createDirectories(dir.resolve(FivetranSalesforce.tableName(CrmObject.LEAD)));
        Files.write(parts.resolve("part-00000.csv"), lines.subList(0, 3));
        List<String> second = new ArrayList<>(List.of(lines.get(0)));
        second.addAll(lines.subList(3, lines.size()));
        Path part = parts.resolve("part-00001.csv");
        Files.writeString(part, String.join("\n", second) + "\n" + extra);
        Files.writeString(parts.resolve("_SUCCESS"), "");
        Files.writeString(parts.resolve(".part-00000.csv.crc"), "not a CSV");
        return part;
    }

    @Test
    void aTableWrittenAsAFolderOfPartFilesReadsAsTheSingleFileDoes(@TempDir Path dir) throws IOException {
        leadAsParts(dir, "");
        FivetranHistoryModeSource fromParts = FivetranHistoryModeSource.open(spark, dir.toString(), QUALIFICATION,
                Progress.silent());
        assertEquals(source.dates(), fromParts.dates());
        for (LocalDate date : source.dates()) {
            assertEquals(leads(date), leads(fromParts, date), date.toString());
        }
    }

    @Test
    void aBrokenRowInAPartFileIsNamedByThePartAndItsLine(@TempDir Path dir) throws IOException {
        Path part = leadAsParts(dir, "L9,2026-09-01 08:00:00.000\n");
        long line = Files.readAllLines(part).size();
        IngestException e = assertThrows(IngestException.class,
                () -> FivetranHistoryModeSource.open(spark, dir.toString(), QUALIFICATION, Progress.silent()));
        assertTrue(e.getMessage().startsWith("History Mode table " + part + " is broken at line " + line + " ("),
                e.getMessage());
    }

    @Test
    void aTableFolderWithAStrayFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path stray = leadAsParts(dir, "").resolveSibling("part-00002.parquet");
        Files.writeString(stray, "PAR1");
        IngestException e = assertThrows(IngestException.class,
                () -> FivetranHistoryModeSource.open(spark, dir.toString(), QUALIFICATION, Progress.silent()));
        assertEquals("Table folder " + stray.getParent() + " holds parts of two formats, part-00000.csv and "
                + "part-00002.parquet, and Spark would read them all as CSV. Export the table in one format, and "
                + "re-run; nothing of this run was written.", e.getMessage());
    }

    /** A table the process cannot look at (a link that does not resolve, as root sees no permission errors). */
    @Test
    void aTableThatCannotBeReadIsNamedNotSkipped(@TempDir Path dir) throws IOException {
        for (Path p : Files.list(folder).toList()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        Path history = dir.resolve(FivetranSalesforce.tableName(CrmObject.LEAD_HISTORY) + ".csv");
        Files.createSymbolicLink(history, dir.resolve("gone.csv"));
        IngestException e = assertThrows(IngestException.class,
                () -> FivetranHistoryModeSource.open(spark, dir.toString(), QUALIFICATION, Progress.silent()));
        assertTrue(e.getMessage().startsWith(history + " cannot be read: the file system cannot look at it"),
                e.getMessage());
    }

    @Test
    void anAppendOnlyHistoryTableWithoutVersionColumnsIsReadAsItIs(@TempDir Path dir) throws IOException {
        for (Path p : Files.list(folder).toList()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        // opportunity_history as Fivetran writes a table without History Mode: its own columns only.
        Files.write(dir.resolve(FivetranSalesforce.tableName(CrmObject.OPPORTUNITY_HISTORY) + ".csv"), List.of(
                String.join(",", FivetranSalesforce.columnName("OpportunityId"),
                        FivetranSalesforce.columnName("StageName"), FivetranSalesforce.columnName("CreatedDate")),
                "O1,Discovery,2026-09-01 10:00:00",
                "O1,Demo,2026-09-02 23:00:00",
                "O1,Proposal,2026-09-03 08:30:00",
                "O2,Discovery,2026-09-03 23:59:59"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        FivetranHistoryModeSource appendOnly = FivetranHistoryModeSource.open(spark, dir.toString(), QUALIFICATION,
                new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)));

        assertTrue(out.toString(StandardCharsets.UTF_8).contains("opportunity_history.csv: no _fivetran_start "
                + "column, read as an append-only history table as it is"), out.toString(StandardCharsets.UTF_8));
        assertEquals(source.dates(), appendOnly.dates(), "a table without sync times does not change the days");
        Map<LocalDate, List<String>> stages = new LinkedHashMap<>();
        for (LocalDate day : appendOnly.dates()) {
            stages.put(day, appendOnly.read(spark, CrmObject.OPPORTUNITY_HISTORY, day).orElseThrow().rows()
                    .orderBy("CreatedDate").collectAsList().stream()
                    .map(r -> r.<String>getAs("OpportunityId") + " " + r.<String>getAs("StageName") + " "
                            + r.<String>getAs(Bronze.VERSION_START)).toList());
        }
        assertEquals(Map.of(
                LocalDate.parse("2026-09-01"), List.of("O1 Discovery 2026-09-01 10:00:00"),
                LocalDate.parse("2026-09-02"), List.of("O1 Discovery 2026-09-01 10:00:00",
                        "O1 Demo 2026-09-02 23:00:00"),
                LocalDate.parse("2026-09-03"), List.of("O1 Discovery 2026-09-01 10:00:00",
                        "O1 Demo 2026-09-02 23:00:00", "O1 Proposal 2026-09-03 08:30:00",
                        "O2 Discovery 2026-09-03 23:59:59")), stages);
    }
}
