package com.handoffwarehouse.jobs.ingest;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ops.IngestFiles;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.jobs.quality.QualityGates;
import com.handoffwarehouse.quality.GateResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One ingest run: the bronze load of a set of dates, then the bronze quality gate on those dates, logged in
 * run_log per date, successful or not. A failed run (a gate, a damaged file) puts the bronze and quarantine
 * tables back as they were, so nothing downstream is ever built from it. A run first marks the RUNNING rows of
 * runs that died ABANDONED (it holds the writer lock, so none of them is alive); schema drift is recorded in
 * quality_results as warnings, and each file's accounting in ingest_files once the run succeeded.
 */
public final class IngestJob {
    public static final String JOB = "ingest";

    private final WarehouseCatalog catalog;
    private final WarehouseConfig config;
    private final Progress progress;
    private final Set<LocalDate> acceptedVolumeChanges;

    public IngestJob(WarehouseCatalog catalog, WarehouseConfig config, Progress progress) {
        this(catalog, config, progress, Set.of());
    }

    /**
     * @param acceptedVolumeChanges the dates whose row counts an operator accepted: a shrink beyond the bronze
     *     gate's bounds on one of them is recorded and passes
     */
    public IngestJob(WarehouseCatalog catalog, WarehouseConfig config, Progress progress,
                     Set<LocalDate> acceptedVolumeChanges) {
        this.catalog = catalog;
        this.config = config;
        this.progress = progress;
        this.acceptedVolumeChanges = Set.copyOf(acceptedVolumeChanges);
    }

    /** How a run finds its source and dates: opening a folder can fail, and that failure is logged too. */
    public interface Opening {
        RawSource source();

        /** The dates to load from the opened source; empty means every date it offers. */
        List<LocalDate> dates(RawSource source);

        /** How run_log names the source when it could not be opened. */
        String describe();
    }

    /**
     * Opens the source and runs: a source that cannot be opened (a damaged or unreadable folder, a folder name
     * that is not a date) is logged FAILED with its message, like any other failed run.
     */
    public BronzeIngest.Result run(Opening opening) {
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        RunLog log = new RunLog(catalog);
        log.abandonUnfinished(runId, started);
        RawSource source;
        List<LocalDate> dates;
        try {
            source = opening.source();
            dates = opening.dates(source);
        } catch (RuntimeException e) {
            log.finished(List.of(new RunLog.Entry(runId, JOB, null, opening.describe(), started, Instant.now(),
                    RunLog.FAILED, null, null, null, String.valueOf(e.getMessage()))));
            throw e;
        }
        return run(runId, started, log, source, dates);
    }

    /** @param dates the dates to load; empty means every date the source offers */
    public BronzeIngest.Result run(RawSource source, List<LocalDate> dates) {
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        RunLog log = new RunLog(catalog);
        log.abandonUnfinished(runId, started);
        return run(runId, started, log, source, dates);
    }

    private BronzeIngest.Result run(String runId, Instant started, RunLog log, RawSource source,
                                    List<LocalDate> dates) {
        List<LocalDate> selected = dates.isEmpty() ? source.dates() : dates;
        List<RunLog.Entry> running = new ArrayList<>();
        selected.stream().distinct().sorted().forEach(d -> running.add(new RunLog.Entry(runId, JOB, d,
                source.describe(), started, null, RunLog.RUNNING, null, null, null, null)));
        log.started(running);
        BronzeRollback rollback = BronzeRollback.capture(catalog);
        try {
            BronzeIngest.Result result = new BronzeIngest(catalog, config.checklist().requiredLeadFields(), progress)
                    .run(source, selected, started);
            QualityGates gates = new QualityGates(catalog, config, runId, progress, false);
            if (!result.drift().isEmpty()) {
                QualityGates.record(catalog, new GateResult(runId, SchemaDriftOutcomes.of(result.drift())));
            }
            gates.bronze(selected, acceptedVolumeChanges);
            new IngestFiles(catalog).record(runId, started, result.files());
            Instant finished = Instant.now();
            Map<LocalDate, long[]> perDate = new TreeMap<>();
            result.counts().forEach(c -> {
                long[] sums = perDate.computeIfAbsent(c.date(), d -> new long[3]);
                sums[0] += c.read();
                sums[1] += c.written();
                sums[2] += c.quarantined();
            });
            List<RunLog.Entry> done = new ArrayList<>();
            perDate.forEach((d, s) -> done.add(new RunLog.Entry(runId, JOB, d, source.describe(), started, finished,
                    RunLog.SUCCEEDED, s[0], s[1], s[2], null)));
            log.finished(done);
            return result;
        } catch (RuntimeException e) {
            try {
                rollback.restore(selected);
            } catch (RuntimeException restoring) {
                e.addSuppressed(restoring);
            }
            Instant finished = Instant.now();
            List<RunLog.Entry> failed = new ArrayList<>();
            running.forEach(r -> failed.add(new RunLog.Entry(runId, JOB, r.snapshotDate(), r.source(), started,
                    finished, RunLog.FAILED, null, null, null, String.valueOf(e.getMessage()))));
            log.finished(failed);
            throw e;
        }
    }
}
