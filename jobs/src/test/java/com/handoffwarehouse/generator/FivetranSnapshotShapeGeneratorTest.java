package com.handoffwarehouse.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Fivetran snapshot shape is the API shape's org and defects, respelled, with deleted records kept soft. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FivetranSnapshotShapeGeneratorTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);
    private static final int DAYS = 14;
    private static final long SEED = 7;
    private static final List<String> RECORD_OBJECTS = List.of("User", "Account", "Lead", "Event", "Task",
            "Opportunity");

    private Path dir;
    private Path api;
    private Path fivetran;
    private JsonNode truth;

    private static Path generate(Path out, long seed, SampleGenerator.Shape shape) {
        SampleGenerator.generate(new SampleGenerator.Settings(out, START, DAYS, 400, seed,
                SampleGenerator.Format.CSV, 0.01, shape), null, line -> { });
        return out;
    }

    @BeforeAll
    void generateBothShapes(@TempDir Path tmp) throws IOException {
        dir = tmp;
        api = generate(dir.resolve("api"), SEED, SampleGenerator.Shape.API);
        fivetran = generate(dir.resolve("fivetran"), SEED, SampleGenerator.Shape.FIVETRAN_SNAPSHOTS);
        truth = new ObjectMapper().readTree(fivetran.resolve("ground_truth.json").toFile());
    }

    private static String table(String object) {
        return FivetranSalesforce.tableName(CrmObject.fromApiName(object).orElseThrow());
    }

    private List<Map<String, String>> fivetranFile(LocalDate day, String object) throws IOException {
        return CsvReader.read(fivetran.resolve(day.toString()).resolve(table(object) + ".csv"));
    }

    private List<Map<String, String>> apiFile(LocalDate day, String object) throws IOException {
        return CsvReader.read(api.resolve(day.toString()).resolve(object + ".csv"));
    }

    private static boolean flagged(Map<String, String> row) {
        return "TRUE".equals(row.get(FivetranSalesforce.DELETED)) || "TRUE".equals(row.get(FivetranSalesforce.IS_DELETED));
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesInOneFolderPerDay() throws Exception {
        Map<String, String> first = SampleFiles.hashes(fivetran);
        assertEquals(first, SampleFiles.hashes(generate(dir.resolve("again"), SEED,
                SampleGenerator.Shape.FIVETRAN_SNAPSHOTS)));
        assertEquals(DAYS * 8 + 2, first.size());
        assertTrue(first.containsKey(START.toString() + "/opportunity_history.csv"), first.keySet().toString());
        assertTrue(first.containsKey("ground_truth.json"));
    }

    @Test
    void unflaggedRowsAreTheApiShapesRowsInFivetranSpelling() throws IOException {
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = START.plusDays(d);
            for (String object : SampleColumns.OBJECTS) {
                List<Map<String, String>> rows = fivetranFile(day, object);
                List<Map<String, String>> live = rows.stream().filter(r -> !flagged(r)).toList();
                assertEquals(apiFile(day, object), FivetranRows.toApi(object, live), object + " " + day);
                assertTrue(rows.subList(live.size(), rows.size()).stream()
                                .allMatch(FivetranSnapshotShapeGeneratorTest::flagged),
                        "flagged rows come after the API shape's rows in " + object + " " + day);
                Instant snapshot = Fmt.snapshotTime(day);
                for (Map<String, String> r : rows) {
                    Instant synced = FivetranRows.instant(r.get(FivetranSalesforce.SYNCED));
                    assertFalse(synced.isAfter(snapshot), object + " " + day + " synced after the snapshot: " + r);
                    assertFalse(synced.isBefore(START.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(600)));
                }
                if (!rows.isEmpty()) {
                    assertEquals(RECORD_OBJECTS.contains(object), rows.get(0).containsKey(FivetranSalesforce.IS_DELETED));
                }
            }
        }
    }

    /** The ids of an API file's real rows: defect rows carry a blank Id or a garbled CreatedDate. */
    private static Set<String> realIds(String object, List<Map<String, String>> rows) {
        Set<String> ids = new TreeSet<>();
        for (Map<String, String> r : rows) {
            boolean hasDate = r.containsKey("CreatedDate");
            if (r.get("Id") != null && !r.get("Id").isBlank()
                    && (!hasDate || SampleFiles.parses(r.get("CreatedDate")))) {
                ids.add(r.get("Id"));
            }
        }
        return ids;
    }

    @Test
    void flaggedRowsAreTheRecordsTheApiShapeLostAndTheGroundTruthCountsThem() throws IOException {
        int flaggedTotal = 0;
        for (String object : SampleColumns.OBJECTS) {
            Set<String> seen = new HashSet<>();
            Set<String> lost = new TreeSet<>();
            for (int d = 0; d < DAYS; d++) {
                LocalDate day = START.plusDays(d);
                List<Map<String, String>> rows = fivetranFile(day, object);
                List<Map<String, String>> flaggedRows = rows.stream()
                        .filter(FivetranSnapshotShapeGeneratorTest::flagged).toList();
                JsonNode entry = truth.path("files").path(object).path(day.toString());
                assertEquals(entry.path("rows").asInt(), rows.size(), object + " " + day);
                assertEquals(entry.path("flagged_deleted").asInt(-1), flaggedRows.size(), object + " " + day);
                flaggedTotal += flaggedRows.size();
                if (RECORD_OBJECTS.contains(object)) {
                    Set<String> now = realIds(object, apiFile(day, object));
                    seen.stream().filter(id -> !now.contains(id)).forEach(lost::add);
                    seen.addAll(now);
                    Set<String> flaggedIds = new TreeSet<>();
                    for (Map<String, String> r : flaggedRows) {
                        assertEquals("TRUE", r.get(FivetranSalesforce.IS_DELETED));
                        assertEquals("FALSE", r.get(FivetranSalesforce.DELETED));
                        flaggedIds.add(r.get("id"));
                    }
                    assertEquals(flaggedRows.size(), flaggedIds.size(), object + " " + day + " flags a record twice");
                    assertEquals(lost, flaggedIds, object + " " + day);
                } else {
                    String parent = object.equals("LeadHistory") ? "lead_id" : "opportunity_id";
                    Set<String> deletedParents = new HashSet<>();
                    fivetranFile(day, object.equals("LeadHistory") ? "Lead" : "Opportunity").stream()
                            .filter(r -> "TRUE".equals(r.get(FivetranSalesforce.IS_DELETED)))
                            .forEach(r -> deletedParents.add(r.get("id")));
                    for (Map<String, String> r : flaggedRows) {
                        assertTrue(deletedParents.contains(r.get(parent)), object + " " + day + " " + r);
                    }
                }
            }
            if (object.equals("Lead")) {
                assertFalse(lost.isEmpty(), "the sample deletes some leads");
                assertEquals(truth.path("leads_deleted").asInt(), lost.size());
            }
        }
        System.out.printf("[fivetran-salesforce] %d rows flagged deleted over %d days%n", flaggedTotal, DAYS);
    }

    @Test
    void theGroundTruthIsTheApiShapesBesidesTheFileEntries() throws IOException {
        JsonNode apiTruth = new ObjectMapper().readTree(api.resolve("ground_truth.json").toFile());
        List<String> differing = new ArrayList<>();
        apiTruth.fieldNames().forEachRemaining(f -> {
            if (!apiTruth.path(f).equals(truth.path(f))) {
                differing.add(f);
            }
        });
        assertEquals(List.of("parameters", "file_totals", "files"), differing);
        assertEquals("fivetran-salesforce", truth.path("parameters").path("shape").asText());
        assertEquals(java.nio.file.Files.readString(api.resolve("ground_truth_handoffs.csv")),
                java.nio.file.Files.readString(fivetran.resolve("ground_truth_handoffs.csv")));
    }
}
