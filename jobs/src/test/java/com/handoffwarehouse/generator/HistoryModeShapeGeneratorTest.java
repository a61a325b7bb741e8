package com.handoffwarehouse.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * History Mode tables hold every version at its exact instant: read as of any day's end they are that day's
 * API snapshot (without defects), and they know more than the days do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryModeShapeGeneratorTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);
    private static final int DAYS = 14;
    private static final long SEED = 7;
    private static final List<String> RECORD_OBJECTS = List.of("User", "Account", "Lead", "Event", "Task",
            "Opportunity");

    private Path dir;
    private Path api;
    private Path history;
    private final Map<String, List<Map<String, String>>> tables = new LinkedHashMap<>();

    /** The defect rate is ignored by History Mode; the API shape gets none so the two hold the same rows. */
    private static Path generate(Path out, SampleGenerator.Shape shape, double defectRate) {
        SampleGenerator.generate(new SampleGenerator.Settings(out, START, DAYS, 400, SEED,
                SampleGenerator.Format.CSV, defectRate, shape), null, line -> { });
        return out;
    }

    @BeforeAll
    void generateBothShapes(@TempDir Path tmp) throws IOException {
        dir = tmp;
        api = generate(dir.resolve("api"), SampleGenerator.Shape.API, 0);
        history = generate(dir.resolve("history"), SampleGenerator.Shape.FIVETRAN_HISTORY_MODE, 0.01);
        for (String object : SampleColumns.OBJECTS) {
            tables.put(object, CsvReader.read(history.resolve(table(object) + ".csv")));
        }
    }

    private static String table(String object) {
        return FivetranSalesforce.tableName(CrmObject.fromApiName(object).orElseThrow());
    }

    private static Instant start(Map<String, String> version) {
        return FivetranRows.instant(version.get(FivetranSalesforce.START));
    }

    private static Instant end(Map<String, String> version) {
        return FivetranRows.instant(version.get(FivetranSalesforce.END));
    }

    @Test
    void theSameSeedGivesByteIdenticalTablesWithoutDateFolders() throws Exception {
        Map<String, String> first = SampleFiles.hashes(history);
        assertEquals(first, SampleFiles.hashes(generate(dir.resolve("again"), SampleGenerator.Shape.FIVETRAN_HISTORY_MODE,
                0.01)));
        List<String> expected = new ArrayList<>(List.of("ground_truth.json", "ground_truth_handoffs.csv"));
        SampleColumns.OBJECTS.forEach(o -> expected.add(table(o) + ".csv"));
        assertEquals(expected.stream().sorted().toList(), List.copyOf(first.keySet()));
    }

    private static <T> Map<T, Integer> multiset(List<T> values) {
        Map<T, Integer> out = new HashMap<>();
        values.forEach(v -> out.merge(v, 1, Integer::sum));
        return out;
    }

    @Test
    void theVersionsActiveAtEachDaysEndAreThatDaysApiSnapshot() throws IOException {
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = START.plusDays(d);
            Instant t = Fmt.snapshotTime(day);
            for (String object : SampleColumns.OBJECTS) {
                List<Map<String, String>> active = tables.get(object).stream()
                        .filter(v -> !start(v).isAfter(t) && !end(v).isBefore(t)).toList();
                List<Map<String, String>> snapshot = CsvReader.read(api.resolve(day.toString()).resolve(object + ".csv"));
                assertEquals(multiset(snapshot), multiset(FivetranRows.toApi(object, active)), object + " " + day);
            }
        }
    }

    @Test
    void aRecordsVersionsAreContiguousAndOnlyTheLastMayBeActive() {
        for (String object : RECORD_OBJECTS) {
            Map<String, List<Map<String, String>>> byId = new LinkedHashMap<>();
            tables.get(object).forEach(v -> byId.computeIfAbsent(v.get("id"), k -> new ArrayList<>()).add(v));
            byId.forEach((id, versions) -> {
                List<Map<String, String>> sorted = versions.stream().sorted(Comparator.comparing(
                        HistoryModeShapeGeneratorTest::start)).toList();
                for (int i = 0; i < sorted.size(); i++) {
                    Map<String, String> v = sorted.get(i);
                    assertFalse(end(v).isBefore(start(v)), object + " " + id);
                    if (i + 1 < sorted.size()) {
                        assertEquals(start(sorted.get(i + 1)).minusMillis(1), end(v), object + " " + id);
                        assertEquals("FALSE", v.get(FivetranSalesforce.ACTIVE), object + " " + id);
                    } else {
                        boolean open = v.get(FivetranSalesforce.END).equals("9999-12-31 23:59:59.999");
                        assertEquals(open ? "TRUE" : "FALSE", v.get(FivetranSalesforce.ACTIVE), object + " " + id);
                    }
                }
            });
        }
    }

    @Test
    void someRecordChangesTwiceInADaySoDayPrecisionWouldLoseAVersion() {
        int lost = 0;
        for (String object : RECORD_OBJECTS) {
            Map<String, List<LocalDate>> startDays = new LinkedHashMap<>();
            for (Map<String, String> v : tables.get(object)) {
                startDays.computeIfAbsent(v.get("id"), k -> new ArrayList<>())
                        .add(start(v).atZone(ZoneOffset.UTC).toLocalDate());
            }
            for (List<LocalDate> days : startDays.values()) {
                lost += days.size() - (int) days.stream().distinct().count();
            }
        }
        System.out.printf("[fivetran-history-mode] %d versions start on a day another version of the record starts%n",
                lost);
        assertTrue(lost > 0);
    }

    @Test
    void theGroundTruthHasOneEntryPerTableWithoutDefects() throws IOException {
        JsonNode truth = new ObjectMapper().readTree(history.resolve("ground_truth.json").toFile());
        String endDate = START.plusDays(DAYS - 1).toString();
        for (String object : SampleColumns.OBJECTS) {
            JsonNode byDate = truth.path("files").path(object);
            assertEquals(1, byDate.size(), object);
            JsonNode entry = byDate.path(endDate);
            assertEquals(tables.get(object).size(), entry.path("rows").asInt(), object);
            entry.path("defects").forEach(n -> assertEquals(0, n.asInt(), object));
            assertFalse(tables.get(object).isEmpty(), object);
        }
        assertEquals("fivetran-history-mode", truth.path("parameters").path("shape").asText());
        JsonNode apiTruth = new ObjectMapper().readTree(api.resolve("ground_truth.json").toFile());
        assertEquals(apiTruth.path("routing_verdicts_exact"), truth.path("routing_verdicts_exact"));
        assertEquals(apiTruth.path("checklist_missing"), truth.path("checklist_missing"));
        assertEquals(Files.readString(api.resolve("ground_truth_handoffs.csv")),
                Files.readString(history.resolve("ground_truth_handoffs.csv")));
    }
}
