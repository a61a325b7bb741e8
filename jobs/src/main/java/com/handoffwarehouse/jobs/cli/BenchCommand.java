package com.handoffwarehouse.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.bench.BenchResult;
import com.handoffwarehouse.jobs.bench.Benchmark;
import com.handoffwarehouse.jobs.bench.SettingsTrial;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code warehouse bench}: the pipeline on a generated org, measured per stage, against DuckDB on the same files. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Generate (or reuse) a sample org, run ingest, a full build and the report, then one more "
                + "day incrementally, measuring each stage (seconds, rows, rows/s, peak heap and RSS); compute the "
                + "handoffs and funnel counts with DuckDB from the same files and compare; read every file once "
                + "for the scan floor. Exit code 1 (internal error) when DuckDB and the warehouse disagree.")
public final class BenchCommand implements Callable<Integer> {
    private static final String MARKER = ".bench-warehouse";

    @Spec
    CommandSpec spec;

    @Mixin
    WarehouseOptions options;

    @Option(names = "--leads", paramLabel = "N", required = true, description = "Leads in the sample.")
    int leads;

    @Option(names = "--days", paramLabel = "D", defaultValue = "30",
            description = "Daily snapshots of the full build (default: ${DEFAULT-VALUE}); one more is generated "
                    + "for the incremental day.")
    int days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", defaultValue = "2026-09-01",
            description = "First snapshot date (default: ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "bench-samples",
            description = "Where samples are kept, one folder per set of parameters, reused (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the measurements here as JSON.")
    Path out;

    @Option(names = "--trial", paramLabel = "NAME:KEY=VALUE[;KEY=VALUE]",
            description = "After the measured run, time one more full build with these Spark SQL settings (repeatable; "
                    + "baseline builds run before and after the trials, and each trial's saving is against their mean).")
    List<String> trials = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (options.warehouse == null) {
            options.warehouse = "bench-warehouse";
        }
        // Every stage is measured from nothing: a warehouse left by an earlier bench is removed first, and only one
        // marked as a bench's, so a mistyped --warehouse never deletes a real one.
        Path root = Path.of(options.warehouseRoot());
        if (Files.exists(root)) {
            if (!Files.exists(root.resolve(MARKER))) {
                throw new ParameterException(spec.commandLine(), root + " exists and is not a bench warehouse; "
                        + "give --warehouse a new folder.");
            }
            delete(root);
        }
        Files.createDirectories(root);
        Files.writeString(root.resolve(MARKER), "written by warehouse bench; removed by the next one\n");
        List<SettingsTrial> parsedTrials;
        try {
            parsedTrials = trials.stream().map(SettingsTrial::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Progress progress = new Progress(System.out);
        WarehouseCatalog catalog = options.openCatalogForWriting("bench");
        BenchResult result = new Benchmark(catalog, options.config(), RoutingRulesLoader.load(Optional.empty()),
                progress).run(new Benchmark.Settings(leads, days, seed, start, samples, parsedTrials));
        System.out.println();
        System.out.println(result.render());
        if (out != null) {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result.json());
            System.out.println("Measurements: " + out.toAbsolutePath());
        }
        // Two engines computing one definition apart is a bug in one of them.
        return result.peerEqual() ? ExitCode.OK.code() : ExitCode.INTERNAL_ERROR.code();
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the previous bench warehouse " + folder, e);
        }
    }
}
