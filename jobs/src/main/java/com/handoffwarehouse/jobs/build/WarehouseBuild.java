package com.handoffwarehouse.jobs.build;

import static org.apache.spark.sql.functions.max;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.models.BuildContext;
import com.handoffwarehouse.jobs.models.BuildSettings;
import com.handoffwarehouse.jobs.models.Models;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.jobs.quality.QualityGates;
import com.handoffwarehouse.quality.GateResult;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.transforms.vocabulary.SnapshotInstant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code warehouse build}: materializes the model graph (jobs/models) from bronze as of one instant, into the
 * warehouse's Delta tables, logged in run_log. Every model's suite runs on its table as written; the run's
 * quality outcomes go to quality_results in one append, and the tables are published only when all passed, so a
 * failed gate leaves readers on the last good publication.
 */
public final class WarehouseBuild {
    /** The instant the build saw the world at, and the rows of every table it built. */
    public record Result(Instant asOf, Map<String, Long> rows, List<ModelRunner.ModelRun> models) {
    }

    public static final String JOB = "build";
    /** Independent models building at once: their time goes mostly into planning and commits on the driver. */
    public static final int THREADS = 4;

    private final WarehouseCatalog catalog;
    private final WarehouseConfig config;
    private final RoutingRules rules;
    private final Progress progress;

    public WarehouseBuild(WarehouseCatalog catalog, WarehouseConfig config, RoutingRules rules, Progress progress) {
        this.catalog = catalog;
        this.config = config;
        this.rules = rules;
        this.progress = progress;
    }

    /** The as-of time when none is given: the end of the latest snapshot's day. */
    public Instant latestSnapshotTime() {
        Dataset<Row> lead = catalog.readIfExists(Tables.raw(CrmObject.LEAD)).orElseThrow(() -> new BuildException(
                Tables.raw(CrmObject.LEAD).name() + " does not exist in " + catalog.root()
                        + ": run warehouse ingest before warehouse build."));
        Row latest = lead.agg(max(Bronze.SNAPSHOT_DATE)).head();
        if (latest.isNullAt(0)) {
            throw new BuildException("raw_lead is empty: ingest at least one snapshot before building.");
        }
        return SnapshotInstant.of(latest.getDate(0).toLocalDate());
    }

    /** Builds every model, advancing the incremental ones where it can. */
    public Result run(Optional<Instant> requestedAsOf) {
        return run(requestedAsOf, Selection.ALL, false);
    }

    /**
     * Builds the selected models and logs the run in run_log (job "build", the selection as its source, filed
     * under the as-of date).
     *
     * @param full rebuild the incremental models from every snapshot
     */
    public Result run(Optional<Instant> requestedAsOf, Selection selection, boolean full) {
        Instant asOf = requestedAsOf.orElseGet(this::latestSnapshotTime);
        String source = "select " + selection + (full ? " --full" : "");
        return new RunLog(catalog).logged(JOB, SnapshotInstant.dateOf(asOf), source, runId -> {
            progress.info("[build] as of " + asOf + ", " + source);
            BuildContext context = new BuildContext(catalog.spark(), asOf, BuildSettings.from(config, rules));
            ModelRunner.Result result = new ModelRunner(new ModelGraph(Models.all()), new DeltaMaterializer(catalog),
                    context, progress, THREADS).run(selection, full, runId, this::record);
            return new Result(asOf, result.rows(), result.models());
        }, result -> result.rows().values().stream().mapToLong(Long::longValue).sum());
    }

    private void record(GateResult quality) {
        if (quality.outcomes().isEmpty()) {
            return;
        }
        QualityGates.record(catalog, quality);
        progress.info(quality.render(false));
    }
}
