package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.ingest.BronzeIngest;
import com.handoffwarehouse.jobs.ingest.IngestJob;
import com.handoffwarehouse.jobs.ingest.RawSource;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.jobs.ingest.fivetran.FivetranHistoryModeSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code warehouse ingest}: CRM extracts into the bronze tables. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Load CRM snapshots (folders of files, or a PostgreSQL replica over JDBC) into raw_<object> "
                + "Delta tables, one partition per snapshot date, bad rows to quarantine_<object>.")
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    WarehouseOptions options;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--snapshots", paramLabel = "DIR",
                description = "Folder of snapshot folders <DIR>/<YYYY-MM-DD>/<Object>.csv|.csv.gz|.parquet|.json.")
        String snapshots;

        @Option(names = "--history-mode", paramLabel = "DIR",
                description = "Folder of Fivetran History Mode tables, one <table>.csv|.csv.gz|.parquet or <table>/ "
                        + "per object (lead, opportunity, ...), expanded into one snapshot per day.")
        String historyMode;

        @ArgGroup(exclusive = false)
        JdbcOptions jdbc;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "Only this snapshot date (required with --jdbc: the date the replica's state is filed under).")
    LocalDate date;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First snapshot date to load (inclusive).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last snapshot date to load (inclusive).")
    LocalDate to;

    @Option(names = "--mapping", paramLabel = "FILE|NAME",
            description = "Column-mapping YAML for exports not named like Salesforce's API (e.g. hubspot, or a file).")
    String mapping;

    @Option(names = "--shape", paramLabel = "api|fivetran-salesforce|MAPPING",
            description = "How the snapshot files are named (default: detected; a mapping file or name is as --mapping).")
    String shape;

    @Option(names = "--accept-volume-change", paramLabel = "YYYY-MM-DD", split = ",",
            description = "Accept the row counts of these snapshot dates (repeatable, or comma-separated): a Lead or "
                    + "Opportunity extract of one of them that shrank beyond quality.row_count.max_shrink is recorded "
                    + "and loaded (use once you know the extract is complete, e.g. after a mass deletion in the CRM).")
    List<LocalDate> acceptVolumeChange = new ArrayList<>();

    @Override
    public Integer call() {
        if (source.snapshots != null && shape != null && mapping != null) {
            throw new ParameterException(spec.commandLine(), "Give --shape or --mapping, not both.");
        }
        if (source.jdbc != null && date == null) {
            throw new ParameterException(spec.commandLine(), "--jdbc needs --date: the snapshot date the "
                    + "replica's current state is filed under.");
        }
        WarehouseCatalog catalog = options.openCatalogForWriting("ingest");
        List<String> leadFields = options.config().checklist().requiredLeadFields();
        Progress progress = new Progress(System.out);
        List<RawSource> opened = new ArrayList<>(1);
        BronzeIngest.Result result = new IngestJob(catalog, options.config(), progress, Set.copyOf(acceptVolumeChange))
                .run(new IngestJob.Opening() {
                    @Override
                    public RawSource source() {
                        opened.add(open(catalog, leadFields, progress));
                        return opened.get(0);
                    }

                    @Override
                    public List<LocalDate> dates(RawSource raw) {
                        return selectDates(raw);
                    }

                    @Override
                    public String describe() {
                        return source.snapshots != null ? "snapshot folder " + source.snapshots
                                : source.historyMode != null ? "Fivetran History Mode folder " + source.historyMode
                                : "jdbc";
                    }
                });
        RawSource raw = opened.get(0);
        long dates = result.counts().stream().map(BronzeIngest.Count::date).distinct().count();
        System.out.printf("Ingested %d snapshot date(s) from %s: %d rows read, %d written to bronze, %d quarantined.%n",
                dates, raw.describe(), result.read(), result.written(), result.quarantined());
        if (!result.drift().isEmpty()) {
            System.out.println("Schema drift (warnings in quality_results, check 'schema drift'):");
            result.drift().forEach(d -> System.out.println("  " + d.describe()));
        }
        System.out.println("Bronze tables: " + catalog.root() + "/bronze, quarantine: " + catalog.root()
                + "/quarantine, run log: table run_log, per file: table ingest_files");
        return ExitCode.OK.code();
    }

    private RawSource open(WarehouseCatalog catalog, List<String> leadFields, Progress progress) {
        if (source.snapshots != null) {
            return SnapshotFileSource.open(catalog.spark(), source.snapshots,
                    Optional.ofNullable(shape).or(() -> Optional.ofNullable(mapping)), leadFields, progress);
        }
        if (source.historyMode != null) {
            return FivetranHistoryModeSource.open(catalog.spark(), source.historyMode, leadFields, progress);
        }
        return source.jdbc.open(options.config(), date, leadFields);
    }

    private List<LocalDate> selectDates(RawSource raw) {
        if (date != null) {
            return List.of(date);
        }
        return raw.dates().stream()
                .filter(d -> from == null || !d.isBefore(from))
                .filter(d -> to == null || !d.isAfter(to))
                .toList();
    }
}
