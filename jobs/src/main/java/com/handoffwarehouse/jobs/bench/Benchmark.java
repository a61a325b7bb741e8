package com.handoffwarehouse.jobs.bench;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.build.Selection;
import com.handoffwarehouse.jobs.build.WarehouseBuild;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ingest.BronzeIngest;
import com.handoffwarehouse.jobs.ingest.IngestJob;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.jobs.report.DashboardReport;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code warehouse bench}: the whole pipeline on a generated org (ingest, full build, report), then one
 * incremental day (ingest the next day, build incrementally), each stage measured; in the same run the DuckDB peer
 * on the same files, compared with the warehouse's tables, and the scan floor.
 */
public final class Benchmark {
    /**
     * @param trials Spark settings to time on extra full builds after the measured run (empty: none)
     */
    public record Settings(int leads, int days, long seed, LocalDate start, Path samples, List<SettingsTrial> trials) {
        public Settings(int leads, int days, long seed, LocalDate start, Path samples) {
            this(leads, days, seed, start, samples, List.of());
        }
    }

    private final WarehouseCatalog catalog;
    private final WarehouseConfig config;
    private final RoutingRules rules;
    private final Progress progress;

    public Benchmark(WarehouseCatalog catalog, WarehouseConfig config, RoutingRules rules, Progress progress) {
        this.catalog = catalog;
        this.config = config;
        this.rules = rules;
        this.progress = progress;
    }

    /** Runs every stage into a warehouse that must be empty (the catalog's root), and returns the measurements. */
    public BenchResult run(Settings settings) {
        List<StageResult> stages = new ArrayList<>();
        StageMeter meter = StageMeter.start("sample");
        BenchSample sample = BenchSample.prepare(settings.samples(), settings.leads(), settings.days(), settings.seed(),
                settings.start(), progress::info);
        stages.add(meter.stop(0, sample.generatedRows()));
        progress.info("[bench] sample " + (sample.reused() ? "reused" : "generated") + ": " + sample.folder());

        SnapshotFileSource source = SnapshotFileSource.open(catalog.spark(), sample.folder().toString(),
                Optional.empty());
        meter = StageMeter.start("ingest");
        BronzeIngest.Result ingested = new IngestJob(catalog, config, progress).run(source, sample.fullDates());
        stages.add(meter.stop(ingested.read(), ingested.written()));

        WarehouseBuild build = new WarehouseBuild(catalog, config, rules, progress);
        meter = StageMeter.start("build_full");
        WarehouseBuild.Result full = build.run(Optional.empty(), Selection.ALL, true);
        stages.add(meter.stop(ingested.written(), total(full.rows())));

        meter = StageMeter.start("report");
        DashboardReport.write(catalog, full.asOf(), Path.of(catalog.root(), "reports"));
        stages.add(meter.stop(full.rows().getOrDefault(Tables.MART_HANDOFF_FUNNEL.name(), 0L), 0));

        Map<String, List<Path>> fullFiles = sample.files(sample.fullDates());
        meter = StageMeter.start("peer_duckdb");
        DuckDbPeer.Result peer = DuckDbPeer.run(fullFiles, new DuckDbPeer.Settings(
                config.sla().meetingLookbackHours(), config.sla().meetingToOpportunityDays(), full.asOf()),
                scratch(catalog.root()));
        stages.add(meter.stop(peer.rowsRead(), peer.handoffs() + peer.funnelRows()));

        List<PeerComparison.Difference> differences = new ArrayList<>();
        PeerComparison.compare("fct_handoff",
                PeerComparison.handoffsOfWarehouse(catalog.read(Tables.FCT_HANDOFF)),
                PeerComparison.handoffsOfPeer(catalog.spark().read().parquet(peer.handoffsParquet().toString())))
                .ifPresent(differences::add);
        PeerComparison.compare("mart_handoff_funnel",
                PeerComparison.funnelOfWarehouse(catalog.read(Tables.MART_HANDOFF_FUNNEL)),
                PeerComparison.funnelOfPeer(catalog.spark().read().parquet(peer.funnelParquet().toString())))
                .ifPresent(differences::add);
        differences.forEach(d -> progress.info("[bench] peer disagrees: " + d.render()));

        meter = StageMeter.start("scan_floor");
        DuckDbPeer.ScanFloor floor = DuckDbPeer.scanFloor(fullFiles);
        stages.add(meter.stop(floor.rows(), floor.rows()));

        LocalDate next = sample.incrementalDate();
        meter = StageMeter.start("ingest_day");
        BronzeIngest.Result day = new IngestJob(catalog, config, progress).run(source, List.of(next));
        stages.add(meter.stop(day.read(), day.written()));
        meter = StageMeter.start("build_incremental");
        WarehouseBuild.Result incremental = build.run(Optional.empty(), Selection.ALL, false);
        stages.add(meter.stop(day.written(), total(incremental.rows())));

        List<SettingsTrial.Timing> trials = SettingsTrial.timeAll(settings.trials(), catalog.spark(),
                () -> build.run(Optional.empty(), Selection.ALL, true), progress);

        return new BenchResult(settings.leads(), settings.days(), floor.rows(), sample.bytes(sample.fullDates()),
                floor.files(), full.rows().getOrDefault(Tables.FCT_HANDOFF.name(), 0L), peer.handoffs(), stages,
                differences, trials, BenchResult.Machine.current());
    }

    private static long total(Map<String, Long> rows) {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Path scratch(String root) {
        try {
            return Files.createDirectories(Path.of(root, "bench-peer"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the peer's folder under " + root, e);
        }
    }
}
