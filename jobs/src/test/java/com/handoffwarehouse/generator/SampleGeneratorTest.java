package com.handoffwarehouse.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The generator is deterministic, and its ground truth agrees with a recount of the files it wrote. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleGeneratorTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);
    private static final int DAYS = 14;

    private Path dir;

    private Path sample;
    private JsonNode truth;

    private static Path generate(Path out, long seed) {
        SampleGenerator.generate(new SampleGenerator.Settings(out, START, DAYS, 400, seed,
                SampleGenerator.Format.CSV, 0.01), null, line -> { });
        return out;
    }

    @BeforeAll
    void generateOnce(@TempDir Path tmp) throws IOException {
        dir = tmp;
        sample = generate(dir.resolve("a"), 7);
        truth = new ObjectMapper().readTree(sample.resolve("ground_truth.json").toFile());
    }

    @Test
    void theSameSeedGivesByteIdenticalFiles() throws Exception {
        Map<String, String> first = SampleFiles.hashes(sample);
        Map<String, String> again = SampleFiles.hashes(generate(dir.resolve("b"), 7));
        assertEquals(DAYS * 8 + 2, first.size());
        assertEquals(first, again);
        assertNotEquals(first, SampleFiles.hashes(generate(dir.resolve("c"), 8)));
    }

    private List<Map<String, String>> file(LocalDate day, String object) throws IOException {
        return CsvReader.read(sample.resolve(day.toString()).resolve(object + ".csv"));
    }

    /** Rows ingest would keep: a key, a parseable CreatedDate, first occurrence of the key. */
    private static List<Map<String, String>> clean(List<Map<String, String>> rows) {
        Set<String> seen = new HashSet<>();
        return rows.stream().filter(r -> r.get("Id") != null && !r.get("Id").isBlank())
                .filter(r -> SampleFiles.parses(r.get("CreatedDate"))).filter(r -> seen.add(r.get("Id"))).toList();
    }

    @Test
    void rowsAndDefectsPerFileMatchTheFiles() throws IOException {
        for (String object : List.of("User", "Account", "Lead", "Event", "Task", "Opportunity")) {
            for (int d = 0; d < DAYS; d++) {
                LocalDate day = START.plusDays(d);
                List<Map<String, String>> rows = file(day, object);
                JsonNode expected = truth.path("files").path(object).path(day.toString());
                assertEquals(expected.path("rows").asInt(), rows.size(), object + " " + day);
                int nullKey = 0;
                int unparseable = 0;
                int duplicate = 0;
                Set<String> seen = new HashSet<>();
                for (Map<String, String> r : rows) {
                    if (r.get("Id") == null || r.get("Id").isBlank()) {
                        nullKey++;
                    } else if (r.containsKey("CreatedDate") && !SampleFiles.parses(r.get("CreatedDate"))) {
                        unparseable++;
                    } else if (!seen.add(r.get("Id"))) {
                        duplicate++;
                    }
                }
                JsonNode defects = expected.path("defects");
                assertEquals(defects.path("null_key").asInt(), nullKey, object + " " + day);
                assertEquals(defects.path("unparseable_timestamp").asInt(), unparseable, object + " " + day);
                assertEquals(defects.path("duplicate_key").asInt(), duplicate, object + " " + day);
            }
        }
        assertTrue(truth.path("file_totals").path("Lead").path("defects").path("null_key").asInt() > 0);
    }

    @Test
    void meetingsAndOpportunitiesMatchTheLastSnapshot() throws IOException {
        LocalDate last = START.plusDays(DAYS - 1);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (Map<String, String> e : clean(file(last, "Event"))) {
            String o = e.get("Meeting_Outcome__c");
            outcomes.merge(List.of("Held", "No Show", "Canceled").contains(String.valueOf(o)) ? o : "pending", 1,
                    Integer::sum);
        }
        JsonNode byOutcome = truth.path("meetings").path("by_final_outcome");
        for (String o : List.of("Held", "No Show", "Canceled", "pending")) {
            assertEquals(byOutcome.path(o).asInt(), outcomes.getOrDefault(o, 0), o);
        }
        Map<String, Integer> stages = new TreeMap<>();
        clean(file(last, "Opportunity")).forEach(o -> stages.merge(o.get("StageName"), 1, Integer::sum));
        Map<String, Integer> expected = new TreeMap<>();
        truth.path("opportunities_by_stage").fields().forEachRemaining(f -> expected.put(f.getKey(), f.getValue().asInt()));
        assertEquals(expected, stages);
    }

    @Test
    void handoffsAndChecklistGapsMatchTheFirstSnapshotOfEachSubmission() throws IOException {
        Map<String, Map<String, String>> firstSeen = new LinkedHashMap<>();
        for (int d = 0; d < DAYS; d++) {
            for (Map<String, String> lead : clean(file(START.plusDays(d), "Lead"))) {
                String submitted = lead.get("Handoff_Submitted_At__c");
                if (submitted != null) {
                    firstSeen.putIfAbsent(lead.get("Id") + "@" + submitted, lead);
                }
            }
        }
        assertEquals(truth.path("handoffs").asInt(), firstSeen.size());
        Map<String, Integer> missing = new HashMap<>();
        for (Map<String, String> lead : firstSeen.values()) {
            if (!List.of("Budget__c", "Decision_Maker__c", "Business_Problem__c", "Timeline__c").stream()
                    .allMatch(f -> filled(lead.get(f)))) {
                missing.merge("framework", 1, Integer::sum);
            }
            count(missing, "business_problem", filled(lead.get("Business_Problem__c")));
            count(missing, "why_now", filled(lead.get("Why_Now__c")));
            String dm = lead.get("Decision_Maker__c");
            count(missing, "stakeholders", filled(dm) || (dm != null && dm.trim().equalsIgnoreCase("unknown")));
            count(missing, "use_case_outcome", filled(lead.get("Use_Case__c")) && filled(lead.get("Desired_Outcome__c")));
            count(missing, "objections", filled(lead.get("Objections__c")));
            count(missing, "next_step", filled(lead.get("Next_Step__c")));
        }
        JsonNode expected = truth.path("checklist_missing");
        for (String item : List.of("framework", "business_problem", "why_now", "stakeholders", "use_case_outcome",
                "objections", "next_step")) {
            assertEquals(expected.path(item).asInt(), missing.getOrDefault(item, 0).intValue(), item);
        }
    }

    private static void count(Map<String, Integer> missing, String item, boolean present) {
        if (!present) {
            missing.merge(item, 1, Integer::sum);
        }
    }

    private static boolean filled(String v) {
        Set<String> placeholders = Set.of("n/a", "na", "tbd", "-", "?", ".", "x", "test", "asdf", "none", "null",
                "unknown");
        return v != null && !v.isBlank() && !placeholders.contains(v.trim().toLowerCase(Locale.ROOT));
    }
}
