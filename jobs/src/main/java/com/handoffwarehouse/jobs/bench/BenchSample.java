package com.handoffwarehouse.jobs.bench;

import com.handoffwarehouse.generator.SampleGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The benchmark's input: a generated org of {@code leads} over {@code days} daily snapshots plus one more day for
 * the incremental run, kept under a folder named after its parameters so a second bench with the same ones reuses
 * it (the generator is deterministic). Written without injected defects, so the peer needs no quarantine rules of
 * its own to agree with the warehouse.
 */
public final class BenchSample {
    private static final String COMPLETE = ".complete";

    private final Path folder;
    private final List<LocalDate> dates;
    private final long rows;
    private final boolean reused;

    private BenchSample(Path folder, List<LocalDate> dates, long rows, boolean reused) {
        this.folder = folder;
        this.dates = dates;
        this.rows = rows;
        this.reused = reused;
    }

    public static BenchSample prepare(Path samples, int leads, int days, long seed, LocalDate start,
                                      Consumer<String> progress) {
        int generatedDays = days + 1;
        Path folder = samples.resolve(String.format("leads-%d-days-%d-seed-%d-from-%s", leads, generatedDays, seed,
                start)).toAbsolutePath();
        List<LocalDate> dates = new ArrayList<>();
        for (int d = 0; d < generatedDays; d++) {
            dates.add(start.plusDays(d));
        }
        Path marker = folder.resolve(COMPLETE);
        try {
            if (Files.exists(marker)) {
                return new BenchSample(folder, dates, Long.parseLong(Files.readString(marker).trim()), true);
            }
            SampleGenerator.Summary summary = SampleGenerator.generate(new SampleGenerator.Settings(folder, start,
                    generatedDays, leads, seed, SampleGenerator.Format.CSV, 0.0), null, progress);
            Files.writeString(marker, Long.toString(summary.rows()));
            return new BenchSample(folder, dates, summary.rows(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the bench sample in " + folder, e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The snapshot dates of the full build: all but the last. */
    public List<LocalDate> fullDates() {
        return dates.subList(0, dates.size() - 1);
    }

    /** The day the incremental run adds. */
    public LocalDate incrementalDate() {
        return dates.get(dates.size() - 1);
    }

    /** Rows the generator wrote into snapshot files, every day included. */
    public long generatedRows() {
        return rows;
    }

    public boolean reused() {
        return reused;
    }

    /** The files of the given dates per object file name (Lead.csv, Task.csv, ...), in date order. */
    public Map<String, List<Path>> files(List<LocalDate> of) {
        Map<String, List<Path>> byObject = new TreeMap<>();
        for (LocalDate date : of) {
            try (Stream<Path> files = Files.list(folder.resolve(date.toString()))) {
                files.sorted().forEach(f -> byObject.computeIfAbsent(f.getFileName().toString(), k -> new ArrayList<>())
                        .add(f));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + folder.resolve(date.toString()), e);
            }
        }
        return byObject;
    }

    /** Bytes of the given dates' files. */
    public long bytes(List<LocalDate> of) {
        return files(of).values().stream().flatMap(List::stream).mapToLong(f -> {
            try {
                return Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the size of " + f, e);
            }
        }).sum();
    }
}
