package com.handoffwarehouse.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact-time routing truth judges a handoff on the users and accounts at the submission instant; it can
 * differ from the snapshot-based truth only where one of them changed earlier that day, before the submission.
 * The change instants are read from the History Mode tables of the same org.
 */
class SampleExactRoutingTruthTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);
    // Dense (about 60 handoffs a day): a change only shows when a handoff of its cell follows it the same day,
    // which 600 leads over 30 days left to chance; every seed from 1 to 7 gives 2 to 5 differences here.
    private static final int DAYS = 12;
    private static final int LEADS = 1500;
    private static final long SEED = 7;

    private static Path generate(Path out, SampleGenerator.Shape shape) {
        SampleGenerator.generate(new SampleGenerator.Settings(out, START, DAYS, LEADS, SEED,
                SampleGenerator.Format.CSV, 0, shape), null, line -> { });
        return out;
    }

    /** Every instant after the first version at which a user or account of the History Mode tables changed. */
    private static Map<String, List<Instant>> changes(Path history) throws IOException {
        Map<String, List<Instant>> out = new HashMap<>();
        for (String table : List.of("user", "account")) {
            Set<String> seen = new java.util.HashSet<>();
            for (Map<String, String> v : CsvReader.read(history.resolve(table + ".csv"))) {
                Instant start = FivetranRows.instant(v.get(FivetranSalesforce.START));
                if (!seen.add(v.get("id"))) {
                    out.computeIfAbsent(v.get("id"), k -> new ArrayList<>()).add(start);
                }
            }
        }
        return out;
    }

    @Test
    void exactVerdictsDifferOnlyAfterAChangeEarlierOnTheSubmissionDay(@TempDir Path tmp) throws IOException {
        Path api = generate(tmp.resolve("api"), SampleGenerator.Shape.API);
        Path history = generate(tmp.resolve("history"), SampleGenerator.Shape.FIVETRAN_HISTORY_MODE);
        Map<String, List<Instant>> changes = changes(history);
        Map<String, String> matchedAccount = new HashMap<>();
        for (Map<String, String> lead : CsvReader.read(history.resolve("lead.csv"))) {
            matchedAccount.put(lead.get("id"), lead.get("matched_account_c"));
        }

        List<Map<String, String>> handoffs = CsvReader.read(api.resolve("ground_truth_handoffs.csv"));
        int verdictsDiffer = 0;
        int expectationsDiffer = 0;
        Map<String, Integer> exactCounts = new TreeMap<>();
        for (Map<String, String> h : handoffs) {
            exactCounts.merge(h.get("routing_verdict_exact"), 1, Integer::sum);
            boolean verdictDiffers = !h.get("routing_verdict").equals(h.get("routing_verdict_exact"));
            boolean expectationDiffers = !String.valueOf(h.get("expected_ae_or_pool"))
                    .equals(String.valueOf(h.get("expected_ae_or_pool_exact")));
            verdictsDiffer += verdictDiffers ? 1 : 0;
            expectationsDiffer += expectationDiffers ? 1 : 0;
            if (!verdictDiffers && !expectationDiffers) {
                continue;
            }
            Set<String> involved = new LinkedHashSet<>();
            involved.add(h.get("ae_id"));
            involved.add(matchedAccount.get(h.get("lead_id")));
            for (String expected : new String[] {h.get("expected_ae_or_pool"), h.get("expected_ae_or_pool_exact")}) {
                if (expected != null) {
                    involved.addAll(List.of(expected.split("\\|")));
                }
            }
            Instant submitted = Instant.parse(h.get("submitted_at"));
            LocalDate day = submitted.atZone(ZoneOffset.UTC).toLocalDate();
            boolean changedEarlierThatDay = involved.stream().filter(changes::containsKey)
                    .flatMap(id -> changes.get(id).stream())
                    .anyMatch(c -> c.atZone(ZoneOffset.UTC).toLocalDate().equals(day) && !c.isAfter(submitted));
            assertTrue(changedEarlierThatDay, "no change of " + involved + " earlier on the day of " + h);
        }
        System.out.printf("[exact routing] %d of %d handoffs get another verdict on the exact state (%d another "
                + "expectation)%n", verdictsDiffer, handoffs.size(), expectationsDiffer);
        assertTrue(verdictsDiffer > 0, "the org's mid-day changes affect some handoff");
        assertTrue(verdictsDiffer * 20 < handoffs.size(), "differences are a small minority");

        JsonNode truth = new ObjectMapper().readTree(api.resolve("ground_truth.json").toFile());
        Map<String, Integer> inJson = new TreeMap<>();
        truth.path("routing_verdicts_exact").fields().forEachRemaining(f -> inJson.put(f.getKey(), f.getValue().asInt()));
        assertEquals(exactCounts, inJson);
    }
}
