package com.handoffwarehouse.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.crm.CrmObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFolderTest {
    private static final LocalDate D1 = LocalDate.parse("2026-09-01");

    @TempDir
    Path dir;

    private void touch(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "Id\n");
    }

    private void requiredObjects(String date, String... except) throws IOException {
        for (CrmObject o : CrmObject.values()) {
            if (!o.optional() && !List.of(except).contains(o.apiName())) {
                touch(date + "/" + o.apiName() + ".csv");
            }
        }
    }

    private SnapshotFolder scan(Optional<ColumnMapping> mapping) {
        return SnapshotFolder.scan(new Configuration(), dir.toString(), mapping);
    }

    @Test
    void findsDateFoldersAndObjectFilesIgnoringEverythingElse() throws IOException {
        requiredObjects("2026-09-02", "Lead");
        touch("2026-09-02/lead.CSV.GZ");
        touch("2026-09-02/LEADHISTORY.json");
        touch("2026-09-02/notes.txt");
        touch("2026-09-02/Campaign.csv");
        requiredObjects("2026-09-01");
        touch("2026-09-01/OpportunityHistory.parquet");
        touch("ground_truth.json");
        touch("README.md");
        touch(".cache/Lead.csv");

        SnapshotFolder folder = scan(Optional.empty());
        assertEquals(List.of(D1, LocalDate.parse("2026-09-02")), folder.dates());
        Map<CrmObject, SnapshotFolder.SnapshotFile> second = folder.files(LocalDate.parse("2026-09-02"));
        assertEquals(SnapshotFolder.Format.CSV_GZ, second.get(CrmObject.LEAD).format());
        assertEquals(dir + "/2026-09-02/lead.CSV.GZ", second.get(CrmObject.LEAD).path());
        assertEquals(SnapshotFolder.Format.JSON, second.get(CrmObject.LEAD_HISTORY).format());
        assertEquals(7, second.size());
        Map<CrmObject, SnapshotFolder.SnapshotFile> first = folder.files(D1);
        assertEquals(SnapshotFolder.Format.PARQUET, first.get(CrmObject.OPPORTUNITY_HISTORY).format());
        assertFalse(first.containsKey(CrmObject.LEAD_HISTORY), "optional objects may be absent");
    }

    @Test
    void foldersThatAreNotDatesAreReportedByNameNotSkipped() throws IOException {
        requiredObjects("2026-09-01");
        touch("latest/Lead.csv");
        touch("2026-13-45/Lead.csv");

        IngestException e = assertThrows(IngestException.class, () -> scan(Optional.empty()));

        assertTrue(e.getMessage().contains(dir + "/2026-13-45 (not a calendar date)"), e.getMessage());
        assertTrue(e.getMessage().contains(dir + "/latest"), e.getMessage());
        assertTrue(e.getMessage().contains("Rename each to the date it holds, or move it out of " + dir),
                e.getMessage());
    }

    @Test
    void aMissingRequiredObjectNamesTheFolderAndObject() throws IOException {
        requiredObjects("2026-09-01", "Task");
        SnapshotFolder folder = scan(Optional.empty());
        IngestException e = assertThrows(IngestException.class, () -> folder.files(D1));
        assertTrue(e.getMessage().startsWith("Snapshot folder " + dir + "/2026-09-01 has no Task file; expected "
                + "one of Task.csv, "), e.getMessage());
    }

    @Test
    void twoFilesForOneObjectAreAnError() throws IOException {
        requiredObjects("2026-09-01");
        touch("2026-09-01/Lead.parquet");
        IngestException e = assertThrows(IngestException.class, () -> scan(Optional.empty()).files(D1));
        assertTrue(e.getMessage().contains("has two files for Lead: "), e.getMessage());
        assertTrue(e.getMessage().contains("Lead.csv") && e.getMessage().contains("Lead.parquet"), e.getMessage());
    }

    @Test
    void anObjectWrittenAsAFolderOfPartsIsListedAsTheFolderInItsPartsFormat() throws IOException {
        requiredObjects("2026-09-01", "Lead", "Task");
        touch("2026-09-01/Lead/part-00000.csv");
        touch("2026-09-01/Lead/part-00001.csv.gz");
        touch("2026-09-01/Lead/_SUCCESS");
        touch("2026-09-01/Lead/.part-00000.csv.crc");
        touch("2026-09-01/task/part-00000.snappy.parquet");
        touch("2026-09-01/notes/part-00000.txt");

        Map<CrmObject, SnapshotFolder.SnapshotFile> files = scan(Optional.empty()).files(D1);

        assertEquals(new SnapshotFolder.SnapshotFile(CrmObject.LEAD, D1, dir + "/2026-09-01/Lead",
                SnapshotFolder.Format.CSV), files.get(CrmObject.LEAD));
        assertEquals(new SnapshotFolder.SnapshotFile(CrmObject.TASK, D1, dir + "/2026-09-01/task",
                SnapshotFolder.Format.PARQUET), files.get(CrmObject.TASK));
    }

    @Test
    void aTableFolderSparkWouldReadOtherwiseThanItsPartsIsRefusedNamingTheEntry() throws IOException {
        Map<String, String> refusals = Map.of(
                "region=EMEA/part-00000.csv", "has a subfolder, region=EMEA, which Spark would read as a partition",
                "README.txt", "holds README.txt, which is not a .csv, .csv.gz, .parquet or .json part",
                "part-00001.json", "holds parts of two formats, part-00000.csv and part-00001.json",
                "", "");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Path root = Files.createTempDirectory(dir, "refusal");
            String date = root.getFileName() + "/2026-09-01";
            requiredObjects(date, "Lead");
            touch(date + "/Lead/_SUCCESS");
            if (!refusal.getKey().isEmpty()) {
                touch(date + "/Lead/part-00000.csv");
                touch(date + "/Lead/" + refusal.getKey());
            }
            SnapshotFolder folder = SnapshotFolder.scan(new Configuration(), root.toString(), Optional.empty());
            IngestException e = assertThrows(IngestException.class, () -> folder.files(D1), refusal.getKey());
            String expected = refusal.getKey().isEmpty() ? "holds no part file" : refusal.getValue();
            assertTrue(e.getMessage().startsWith("Table folder " + root + "/2026-09-01/Lead " + expected),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith(", and re-run; nothing of this run was written."), e.getMessage());
        }
    }

    @Test
    void aFileAndAFolderForOneObjectAreAnError() throws IOException {
        requiredObjects("2026-09-01");
        touch("2026-09-01/Lead/part-00000.csv");
        IngestException e = assertThrows(IngestException.class, () -> scan(Optional.empty()).files(D1));
        assertTrue(e.getMessage().contains("has two files for Lead: "), e.getMessage());
    }

    @Test
    void mappedFileNamesCountAsTheirObject() throws IOException {
        requiredObjects("2026-09-01", "Lead", "Opportunity");
        touch("2026-09-01/Contacts.csv");
        touch("2026-09-01/deals.json");
        ColumnMapping mapping = ColumnMapping.parse("Lead: {file: contacts}\nOpportunity: {file: deals}\n", "m.yaml",
                SnapshotFixtures.QUALIFICATION);
        Map<CrmObject, SnapshotFolder.SnapshotFile> files = scan(Optional.of(mapping)).files(D1);
        assertTrue(files.get(CrmObject.LEAD).path().endsWith("/Contacts.csv"));
        assertTrue(files.get(CrmObject.OPPORTUNITY).path().endsWith("/deals.json"));

        touch("2026-09-01/Lead.csv");
        IngestException e = assertThrows(IngestException.class, () -> scan(Optional.of(mapping)).files(D1));
        assertTrue(e.getMessage().contains("two files for Lead"), e.getMessage());
    }

    /**
     * A date folder or an object's file the process cannot look at stops the scan naming it, instead of vanishing
     * from the listing. Tests run as root, which reads any folder, so links that do not resolve stand in for
     * entries whose permissions or storage fail.
     */
    @Test
    void anUnreadableDateFolderOrObjectFileIsNamedNotSkipped() throws IOException {
        String whatToDo = " cannot be read: the file system cannot look at it (a link that does not resolve, or no "
                + "permission). Check that this user may read it and re-run; nothing was ingested.";
        requiredObjects("2026-09-02");
        Files.createSymbolicLink(dir.resolve("2026-09-01"), dir.resolve("2026-09-01"));
        IngestException folder = assertThrows(IngestException.class, () -> scan(Optional.empty()));
        assertEquals(dir.resolve("2026-09-01") + whatToDo, folder.getMessage());

        Files.delete(dir.resolve("2026-09-01"));
        requiredObjects("2026-09-01", "Task");
        Files.createSymbolicLink(dir.resolve("2026-09-01/Task.csv"), dir.resolve("2026-09-01/gone.csv"));
        IngestException file = assertThrows(IngestException.class, () -> scan(Optional.empty()).files(D1));
        assertEquals(dir.resolve("2026-09-01/Task.csv") + whatToDo, file.getMessage());
    }

    @Test
    void aFolderThatDoesNotExistIsNamed() {
        IngestException e = assertThrows(IngestException.class, () -> SnapshotFolder.scan(new Configuration(),
                dir.resolve("nope").toString(), Optional.empty()));
        assertEquals("Snapshot folder " + dir.resolve("nope") + " does not exist.", e.getMessage());
    }
}
