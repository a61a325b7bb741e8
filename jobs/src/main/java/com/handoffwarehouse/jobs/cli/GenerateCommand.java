package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.sample.SampleGenerator;
import com.handoffwarehouse.jobs.sample.SparkParquetSink;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warehouse generate}: a realistic sample CRM with known ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a sample CRM, one snapshot folder per day, with known defects and ground_truth.json "
                + "holding the exact counts generated. --shape writes the same org with Salesforce API names (api), "
                + "as daily copies of Fivetran's Salesforce tables with deletes kept soft (fivetran-salesforce), or "
                + "as Fivetran History Mode tables, every version at its exact instants, without date folders and "
                + "without injected defects (fivetran-history-mode).")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the snapshots to.")
    Path out;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", defaultValue = "2026-09-01",
            description = "First snapshot date (default: ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(names = "--days", paramLabel = "N", defaultValue = "60", description = "Snapshots (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--leads", paramLabel = "N", defaultValue = "5000", description = "Leads (default: ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "csv|parquet", defaultValue = "csv",
            description = "File format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--defect-rate", paramLabel = "R", defaultValue = "0.005",
            description = "Injected bad rows per real row in Lead, Event, Task, Opportunity, Account (default: ${DEFAULT-VALUE}).")
    double defectRate;

    @Option(names = "--shape", paramLabel = "api|fivetran-salesforce|fivetran-history-mode", defaultValue = "api",
            description = "Output shape of the same org (default: ${DEFAULT-VALUE}); fivetran-history-mode injects "
                    + "no defects.")
    String shape;

    @Override
    public Integer call() {
        SampleGenerator.Format f = SampleGenerator.Format.valueOf(format.toUpperCase(Locale.ROOT));
        SampleGenerator.Shape sh = SampleGenerator.Shape.fromOption(shape);
        long started = System.nanoTime();
        SampleGenerator.Summary summary = SampleGenerator.generate(
                new SampleGenerator.Settings(out, start, days, leads, seed, f, defectRate, sh),
                f == SampleGenerator.Format.PARQUET ? new SparkParquetSink() : null, System.out::println);
        String where = sh == SampleGenerator.Shape.FIVETRAN_HISTORY_MODE ? "History Mode tables"
                : summary.snapshotFolders() + " snapshot folders";
        System.out.printf(Locale.ROOT, "Generated %d rows in %s under %s in %.1f s; ground truth: %s%n",
                summary.rows(), where, out, (System.nanoTime() - started) / 1e9, summary.groundTruth());
        return 0;
    }
}
