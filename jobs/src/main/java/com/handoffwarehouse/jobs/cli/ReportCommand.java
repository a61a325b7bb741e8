package com.handoffwarehouse.jobs.cli;

import static org.apache.spark.sql.functions.max;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.jobs.report.DashboardReport;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.SnapshotInstant;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warehouse report}: the leadership dashboard from the published marts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the leadership dashboard (self-contained HTML) and open_breaches.csv from the marts.")
public final class ReportCommand implements Callable<Integer> {
    public static final String JOB = "report";

    @Mixin
    WarehouseOptions options;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write into.")
    Path out;

    @Option(names = "--as-of", paramLabel = "TIMESTAMP", converter = AsOfConverter.class,
            description = "The as-of time the marts were built at, shown on the page (default: the end of the latest "
                    + "snapshot's day, as warehouse build does).")
    Instant asOf;

    @Option(names = "--log-run",
            description = "Record the report in run_log (job report, filed under the as-of date), taking the writer "
                    + "lock while it is written, as the DAG's publish_report task does. Without it the report is a "
                    + "reader: it takes no lock and runs beside any build.")
    boolean logRun;

    @Override
    public Integer call() {
        WarehouseCatalog catalog = logRun ? options.openCatalogForWriting(JOB) : options.openCatalog();
        if (!catalog.exists(Tables.MART_HANDOFF_FUNNEL)) {
            System.err.println("error: no marts in " + catalog.root() + "; run warehouse build first.");
            return ExitCode.USAGE.code();
        }
        Instant shown = asOf != null ? asOf : catalog.read(Tables.raw(CrmObject.LEAD))
                .agg(max(Tables.SNAPSHOT_DATE)).head().getDate(0).toLocalDate()
                .atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
        Path page = !logRun ? DashboardReport.write(catalog, shown, out)
                : new RunLog(catalog).logged(JOB, SnapshotInstant.dateOf(shown), "out " + out.toAbsolutePath(),
                        runId -> DashboardReport.write(catalog, shown, out), written -> null);
        System.out.println("Dashboard:     " + page.toAbsolutePath());
        System.out.println("Open breaches: " + out.resolve(DashboardReport.BREACHES_CSV).toAbsolutePath());
        return 0;
    }
}
