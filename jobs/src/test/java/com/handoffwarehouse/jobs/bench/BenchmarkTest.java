package com.handoffwarehouse.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.transforms.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench end to end on a small org: every stage measured, the JSON complete, and DuckDB agreeing. */
class BenchmarkTest {
    private static final int LEADS = 60;
    private static final int DAYS = 5;
    private static final LocalDate START = LocalDate.of(2026, 9, 1);

    @TempDir
    Path tmp;

    @Test
    void benchRunsEveryStageAndThePeerAgrees() throws IOException {
        WarehouseCatalog catalog = new WarehouseCatalog(SharedSpark.session(), tmp.resolve("warehouse").toString());
        Path samples = tmp.resolve("samples");
        BenchResult result = new Benchmark(catalog, ConfigLoader.load(Optional.empty()),
                RoutingRulesLoader.load(Optional.empty()), Progress.silent())
                .run(new Benchmark.Settings(LEADS, DAYS, 42, START, samples));

        assertTrue(result.peerEqual(), () -> String.join("\n", result.differences().stream()
                .map(PeerComparison.Difference::render).toList()));
        assertTrue(result.handoffs() > 0, "the sample has handoffs");
        assertEquals(result.handoffs(), result.peerHandoffs());

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(result.json()));
        for (String field : List.of("total_seconds", "incremental_seconds", "peer_seconds", "peer_equal",
                "scan_floor_seconds", "peak_heap_bytes", "stages", "machine", "leads", "days", "input_rows",
                "input_bytes")) {
            assertTrue(json.has(field), "JSON field " + field);
        }
        assertEquals(LEADS, json.get("leads").asInt());
        assertEquals(DAYS, json.get("days").asInt());
        assertTrue(json.get("peer_equal").asBoolean());
        Path sample = Files.list(samples).filter(Files::isDirectory).findFirst().orElseThrow();
        assertEquals(dataLines(sample, DAYS), json.get("input_rows").asLong(),
                "the scan floor reads every data row of the full build's files once");
        assertEquals(bytes(sample, DAYS), json.get("input_bytes").asLong());

        List<String> names = json.get("stages").findValuesAsText("name");
        assertEquals(List.of("sample", "ingest", "build_full", "report", "peer_duckdb", "scan_floor", "ingest_day",
                "build_incremental"), names);
        double stageSum = 0;
        for (JsonNode stage : json.get("stages")) {
            assertTrue(stage.get("seconds").asDouble() > 0, stage.toString());
            assertTrue(stage.get("peak_heap_bytes").asLong() > 0, stage.toString());
            assertTrue(stage.get("peak_rss_bytes").asLong() > stage.get("peak_heap_bytes").asLong() / 4,
                    stage.toString());
            stageSum += List.of("ingest", "build_full", "report").contains(stage.get("name").asText())
                    ? stage.get("seconds").asDouble() : 0;
        }
        assertEquals(stageSum, json.get("total_seconds").asDouble(), 1e-9);
        assertTrue(json.get("incremental_seconds").asDouble() > 0);
        assertTrue(json.get("peer_seconds").asDouble() > 0);
        assertTrue(json.get("peak_heap_bytes").asLong() <= json.get("machine").get("max_heap_bytes").asLong());
        JsonNode ingest = json.get("stages").get(1);
        assertEquals(dataLines(sample, DAYS), ingest.get("rows_in").asLong(), "ingest reads every row of its dates");
        assertEquals(ingest.get("rows_in").asDouble() / ingest.get("seconds").asDouble(),
                ingest.get("rows_per_second").asDouble(), 1e-6);
        assertTrue(json.get("stages").get(6).get("rows_in").asLong() > 0, "the incremental day has rows");

        // A second bench with the same parameters reuses the sample instead of generating it again.
        BenchSample again = BenchSample.prepare(samples, LEADS, DAYS, 42, START, line -> { });
        assertTrue(again.reused());
        assertEquals(sample, again.folder());

        // The comparison catches a peer that lost one handoff.
        Dataset<Row> warehouse = PeerComparison.handoffsOfWarehouse(catalog.read(Tables.FCT_HANDOFF));
        Dataset<Row> peer = PeerComparison.handoffsOfPeer(catalog.spark().read()
                .parquet(catalog.root() + "/bench-peer/peer_handoff.parquet"));
        Dataset<Row> oneLess = peer.orderBy("lead_id", "handoff_seq").limit((int) result.handoffs() - 1);
        assertFalse(PeerComparison.compare("fct_handoff", warehouse, peer).isPresent());
        PeerComparison.Difference lost = PeerComparison.compare("fct_handoff", warehouse, oneLess).orElseThrow();
        assertEquals(1, lost.onlyWarehouse());
        assertEquals(0, lost.onlyPeer());
    }

    /** Data rows of the first {@code days} dates' files: lines after the header, counted without any CSV parser. */
    private static long dataLines(Path sample, int days) throws IOException {
        long rows = 0;
        for (Path file : files(sample, days)) {
            try (Stream<String> lines = Files.lines(file)) {
                rows += lines.count() - 1;
            }
        }
        return rows;
    }

    private static long bytes(Path sample, int days) throws IOException {
        long total = 0;
        for (Path file : files(sample, days)) {
            total += Files.size(file);
        }
        return total;
    }

    private static List<Path> files(Path sample, int days) throws IOException {
        List<Path> all = new java.util.ArrayList<>();
        for (int d = 0; d < days; d++) {
            try (Stream<Path> of = Files.list(sample.resolve(START.plusDays(d).toString()))) {
                all.addAll(of.toList());
            }
        }
        return all;
    }
}
