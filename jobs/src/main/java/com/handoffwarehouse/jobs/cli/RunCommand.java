package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.build.WarehouseBuild;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.jobs.ingest.IngestJob;
import com.handoffwarehouse.jobs.ingest.RawSource;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.jobs.report.HeadlineSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code warehouse run}: the daily job, ingest then build; safe to re-run, dates in any order. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The daily job: ingest the snapshot dates (all, or --from/--to), then rebuild silver and gold. "
                + "Each layer passes its quality gate before the next is written; an Error-level failure exits "
                + "3 (QUALITY_GATE_FAILED) and leaves the published marts as they were. "
                + "Idempotent per date; dates may arrive out of order.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    WarehouseOptions options;

    @Option(names = "--snapshots", paramLabel = "DIR", required = true, description = "Folder of snapshot folders.")
    String snapshots;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First snapshot date to ingest (inclusive).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last snapshot date to ingest (inclusive).")
    LocalDate to;

    @Option(names = "--mapping", paramLabel = "FILE|NAME", description = "Column-mapping YAML for other exports.")
    String mapping;

    @Option(names = "--shape", paramLabel = "api|fivetran-salesforce|MAPPING",
            description = "How the files are named (default: detected; a mapping file or name is as --mapping).")
    String shape;

    @Spec
    CommandSpec spec;

    @Option(names = "--as-of", paramLabel = "TIMESTAMP", converter = AsOfConverter.class,
            description = "Build as of this instant (default: the end of the latest ingested snapshot's day).")
    Instant asOf;

    @Option(names = "--rules", paramLabel = "FILE", description = "Routing rule file (default: conf/routing.yaml).")
    Path rules;

    @Option(names = "--accept-volume-change", paramLabel = "YYYY-MM-DD", split = ",",
            description = "Accept the row counts of these snapshot dates (repeatable, or comma-separated): a Lead or "
                    + "Opportunity extract of one of them that shrank beyond quality.row_count.max_shrink is recorded "
                    + "and loaded (use once you know the extract is complete, e.g. after a mass deletion in the CRM).")
    List<LocalDate> acceptVolumeChange = new ArrayList<>();

    @Override
    public Integer call() {
        WarehouseCatalog catalog = options.openCatalogForWriting("run");
        List<String> leadFields = options.config().checklist().requiredLeadFields();
        if (shape != null && mapping != null) {
            throw new ParameterException(spec.commandLine(), "Give --shape or --mapping, not both.");
        }
        Progress progress = new Progress(System.out);
        RawSource source = SnapshotFileSource.open(catalog.spark(), snapshots,
                Optional.ofNullable(shape).or(() -> Optional.ofNullable(mapping)), leadFields, progress);
        List<LocalDate> dates = source.dates().stream()
                .filter(d -> from == null || !d.isBefore(from))
                .filter(d -> to == null || !d.isAfter(to))
                .toList();
        new IngestJob(catalog, options.config(), progress, Set.copyOf(acceptVolumeChange)).run(source, dates);
        new WarehouseBuild(catalog, options.config(), RoutingRulesLoader.load(Optional.ofNullable(rules)), progress)
                .run(Optional.ofNullable(asOf));
        System.out.println(HeadlineSummary.read(catalog).render());
        return 0;
    }
}
