package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.build.WarehouseBuild;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.jobs.ingest.IngestJob;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.jobs.report.DashboardReport;
import com.handoffwarehouse.jobs.report.HeadlineSummary;
import com.handoffwarehouse.generator.SampleGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warehouse demo}: the whole product on a generated org, start to finish. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a sample CRM with known ground truth, ingest every snapshot, build the facts and "
                + "marts, and print where everything is.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    WarehouseOptions options;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-crm",
            description = "Folder for the generated snapshots (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--leads", paramLabel = "N", defaultValue = "1500", description = "Leads (default: ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--days", paramLabel = "N", defaultValue = "90",
            description = "Daily snapshots (default: ${DEFAULT-VALUE}, so that every metric's window, the longest "
                    + "being the 30 days of meeting-to-opportunity, has fully elapsed for most weekly cohorts).")
    int days;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", defaultValue = "2026-09-01",
            description = "First snapshot date (default: ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        Progress progress = new Progress(System.out);
        WarehouseCatalog catalog = options.openCatalogForWriting("demo");
        SampleGenerator.Summary sample = SampleGenerator.generate(new SampleGenerator.Settings(out, start, days,
                leads, seed, SampleGenerator.Format.CSV, 0.005), null, progress::info);
        SnapshotFileSource source = SnapshotFileSource.open(catalog.spark(), out.toString(), Optional.empty());
        new IngestJob(catalog, options.config(), progress).run(source, source.dates());
        WarehouseBuild.Result built = new WarehouseBuild(catalog, options.config(),
                RoutingRulesLoader.load(Optional.empty()), progress).run(Optional.empty());
        Path dashboard = DashboardReport.write(catalog, built.asOf(), Path.of(catalog.root(), "reports"));
        System.out.println();
        System.out.println(HeadlineSummary.read(catalog).render());
        System.out.println();
        System.out.println("Sample CRM:     " + out.toAbsolutePath() + " (ground truth: " + sample.groundTruth() + ")");
        System.out.println("Warehouse:      " + catalog.root() + " (bronze/, quarantine/, silver/, gold/, ops/)");
        System.out.println("Query it:       ./warehouse sql \"SELECT * FROM mart_sla_compliance LIMIT 20\"");
        System.out.println("Dashboard:      " + dashboard.toAbsolutePath());
        return 0;
    }
}
