package com.handoffwarehouse.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one bench run measured, as the JSON it writes and the table it prints. total_seconds is the full pipeline
 * (ingest, full build, report); incremental_seconds the next day (its ingest and the incremental build).
 */
public record BenchResult(int leads, int days, long inputRows, long inputBytes, int inputFiles, long handoffs,
                          long peerHandoffs, List<StageResult> stages, List<PeerComparison.Difference> differences,
                          List<SettingsTrial.Timing> trials, Machine machine) {
    /** The machine the run measured. */
    public record Machine(int cores, long maxHeapBytes, long memoryBytes, String os, String java, List<String> jvmArgs) {
        public static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                    memTotal(), System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"), System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.version"),
                    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                            .filter(a -> !a.startsWith("--add-opens")).toList());
        }

        private static long memTotal() {
            try {
                return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                        .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }
    }

    public boolean peerEqual() {
        return differences.isEmpty();
    }

    public double seconds(String stage) {
        return stages.stream().filter(s -> s.name().equals(stage)).mapToDouble(StageResult::seconds).sum();
    }

    public double totalSeconds() {
        return seconds("ingest") + seconds("build_full") + seconds("report");
    }

    public double incrementalSeconds() {
        return seconds("ingest_day") + seconds("build_incremental");
    }

    public double peerSeconds() {
        return seconds("peer_duckdb");
    }

    /** The warehouse's ingest and full build over the peer's time on the same files. */
    public double peerRatio() {
        return peerSeconds() > 0 ? (seconds("ingest") + seconds("build_full")) / peerSeconds() : 0;
    }

    public long peakHeapBytes() {
        return stages.stream().mapToLong(StageResult::peakHeapBytes).max().orElse(0);
    }

    public long peakRssBytes() {
        return stages.stream().mapToLong(StageResult::peakRssBytes).max().orElse(-1);
    }

    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("leads", leads);
        out.put("days", days);
        out.put("input_rows", inputRows);
        out.put("input_bytes", inputBytes);
        out.put("input_files", inputFiles);
        out.put("handoffs", handoffs);
        out.put("total_seconds", totalSeconds());
        out.put("incremental_seconds", incrementalSeconds());
        out.put("peer_seconds", peerSeconds());
        out.put("peer_ratio", peerRatio());
        out.put("peer_equal", peerEqual());
        out.put("peer_handoffs", peerHandoffs);
        out.put("peer_differences", differences.stream().map(PeerComparison.Difference::render).toList());
        out.put("scan_floor_seconds", seconds("scan_floor"));
        out.put("peak_heap_bytes", peakHeapBytes());
        out.put("peak_rss_bytes", peakRssBytes());
        out.put("machine", Map.of("cores", machine.cores(), "max_heap_bytes", machine.maxHeapBytes(),
                "memory_bytes", machine.memoryBytes(), "os", machine.os(), "java", machine.java(),
                "jvm_args", machine.jvmArgs()));
        out.put("settings_trials", trials.stream().map(t -> {
            Map<String, Object> trial = new LinkedHashMap<>();
            trial.put("name", t.name());
            trial.put("settings", t.settings());
            trial.put("build_seconds", t.seconds());
            trial.put("saving_seconds", SettingsTrial.saving(trials, t));
            return trial;
        }).toList());
        out.put("stages", stages.stream().map(s -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("name", s.name());
            stage.put("seconds", s.seconds());
            stage.put("rows_in", s.rowsIn());
            stage.put("rows_out", s.rowsOut());
            stage.put("rows_per_second", s.rowsPerSecond());
            stage.put("peak_heap_bytes", s.peakHeapBytes());
            stage.put("peak_rss_bytes", s.peakRssBytes());
            stage.put("rss_peak_of_stage", s.rssSinceStage());
            return stage;
        }).toList());
        return out;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%,d leads x %d days: %,d input rows in %d files (%.1f MB), %,d handoffs%n",
                leads, days, inputRows, inputFiles, inputBytes / 1e6, handoffs));
        out.append(String.format(Locale.ROOT, "%-18s %9s %12s %12s %12s %10s %10s%n", "stage", "seconds", "rows in",
                "rows out", "rows/s", "heap MB", "RSS MB"));
        for (StageResult s : stages) {
            out.append(String.format(Locale.ROOT, "%-18s %9.1f %,12d %,12d %,12.0f %10.0f %10.0f%n", s.name(),
                    s.seconds(), s.rowsIn(), s.rowsOut(), s.rowsPerSecond(), s.peakHeapBytes() / 1e6,
                    s.peakRssBytes() / 1e6));
        }
        out.append(String.format(Locale.ROOT, "total %.1f s (ingest + full build + report), incremental day %.1f s, "
                        + "DuckDB peer %.2f s (ingest + build are %.0fx the peer), scan floor %.2f s%n",
                totalSeconds(), incrementalSeconds(), peerSeconds(), peerRatio(), seconds("scan_floor")));
        for (SettingsTrial.Timing t : trials) {
            out.append(String.format(Locale.ROOT, "full build with %-20s %6.1f s (saves %+.1f s against the baseline "
                    + "builds' mean) %s%n", t.name(), t.seconds(), SettingsTrial.saving(trials, t), t.settings()));
        }
        out.append(peerEqual() ? "peer_equal: true (fct_handoff and mart_handoff_funnel agree with DuckDB)"
                : "peer_equal: false\n" + String.join("\n",
                        differences.stream().map(PeerComparison.Difference::render).toList()));
        return out.toString();
    }
}
