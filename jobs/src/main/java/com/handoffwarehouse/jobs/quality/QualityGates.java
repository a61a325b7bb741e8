package com.handoffwarehouse.jobs.quality;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.Layer;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.quality.BronzeSuite;
import com.handoffwarehouse.quality.GateResult;
import com.handoffwarehouse.quality.MetricsHistory;
import com.handoffwarehouse.quality.QualityGate;
import com.handoffwarehouse.quality.QualitySuite;
import com.handoffwarehouse.quality.RowCountBounds;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The bronze gate of one ingest run, and the recording of any gate's outcomes (DESIGN section 6; the silver and
 * gold suites run model by model in the build, see jobs/build/ModelRunner). A gate runs its suites one after the other,
 * appends every outcome to {@code quality_results} under the run's id (so they join run_log), prints the short
 * table, and throws {@link com.handoffwarehouse.quality.QualityGateFailed} on an Error-level failure, after the
 * results are on record and before the caller writes anything downstream.
 */
public final class QualityGates {
    public static final String METRICS_REPOSITORY = "metrics_repository.json";

    private final WarehouseCatalog catalog;
    private final WarehouseConfig config;
    private final String runId;
    private final Progress progress;
    private final boolean verbose;

    /** @param verbose print every check, not only the failed ones */
    public QualityGates(WarehouseCatalog catalog, WarehouseConfig config, String runId, Progress progress,
                        boolean verbose) {
        this.catalog = catalog;
        this.config = config;
        this.runId = runId;
        this.progress = progress;
        this.verbose = verbose;
    }

    /** Deequ's metrics repository of the warehouse, where the row-count rule finds the previous snapshots. */
    public static String metricsRepository(WarehouseCatalog catalog) {
        return catalog.root() + "/" + Layer.OPS.folder() + "/" + METRICS_REPOSITORY;
    }

    /**
     * After ingest: the bronze suites of {@code dates}, read back from the bronze tables.
     *
     * @param acceptedVolumeChanges the dates whose row counts an operator accepted: a shrink beyond the bounds is
     *     recorded and passes
     */
    public void bronze(List<LocalDate> dates, Set<LocalDate> acceptedVolumeChanges) {
        check("bronze " + describe(dates), bronzeSuites(dates, acceptedVolumeChanges)).throwIfFailed();
    }

    /**
     * One suite per object judging every date of the run at once: every required object and the optional objects
     * ever ingested. The row-count rule compares each date with the latest earlier one the repository holds, in
     * ascending order, so a backfill of several dates compares each with its predecessor.
     */
    public List<QualitySuite> bronzeSuites(List<LocalDate> dates, Set<LocalDate> acceptedVolumeChanges) {
        BronzeSuite.Settings settings = new BronzeSuite.Settings(config.checklist().requiredLeadFields(),
                MetricsHistory.at(catalog.spark(), metricsRepository(catalog)),
                new RowCountBounds(config.quality().rowCount().maxShrink(), config.quality().rowCount().warnGrowth(),
                        config.quality().rowCount().minPreviousRows()), acceptedVolumeChanges);
        List<LocalDate> run = dates.stream().distinct().sorted().toList();
        List<QualitySuite> suites = new ArrayList<>();
        for (CrmObject object : CrmObject.values()) {
            catalog.readIfExists(Tables.raw(object)).ifPresent(raw -> {
                List<LocalDate> judged = new ArrayList<>(run);
                if (BronzeSuite.VOLUME_CHECKED.contains(object)) {
                    judged.addAll(nextDatesAfter(raw, run));
                }
                suites.add(BronzeSuite.of(object, judged, raw, settings));
            });
        }
        return suites;
    }

    /**
     * A late date changes the baseline of the snapshot after it, so the volume check runs again on each date that
     * bronze holds right after a date of this run; the dates of a table are metadata, a handful of rows.
     */
    private static List<LocalDate> nextDatesAfter(Dataset<Row> raw, List<LocalDate> run) {
        List<LocalDate> held = raw.select(Tables.SNAPSHOT_DATE).distinct().collectAsList().stream()
                .map(r -> r.getDate(0).toLocalDate()).sorted().toList();
        List<LocalDate> later = new ArrayList<>();
        for (LocalDate date : run) {
            held.stream().filter(d -> d.isAfter(date)).findFirst()
                    .filter(d -> !run.contains(d) && !later.contains(d)).ifPresent(later::add);
        }
        return later;
    }

    /** Runs the suites, records their outcomes and prints the table; the caller decides what a failure stops. */
    public GateResult check(String what, List<QualitySuite> suites) {
        Progress.Step step = progress.start("quality", what + " gate");
        GateResult result = new QualityGate(runId).run(suites);
        record(catalog, result);
        step.done(result.passed() ? "passed" : "FAILED");
        progress.info(result.render(verbose));
        return result;
    }

    /** Appends a gate's outcomes to quality_results, under its run's id. */
    public static void record(WarehouseCatalog catalog, GateResult result) {
        Dataset<Row> rows = result.toDataset(catalog.spark());
        rows.write().format("delta").mode("append").save(catalog.location(Tables.QUALITY_RESULTS));
    }

    private static String describe(List<LocalDate> dates) {
        List<LocalDate> sorted = dates.stream().distinct().sorted().toList();
        return sorted.size() == 1 ? sorted.get(0).toString()
                : sorted.get(0) + ".." + sorted.get(sorted.size() - 1) + " (" + sorted.size() + " dates)";
    }
}
