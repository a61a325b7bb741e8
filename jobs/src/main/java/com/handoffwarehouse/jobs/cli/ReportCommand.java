package com.handoffwarehouse.jobs.cli;

import static org.apache.spark.sql.functions.max;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.report.DashboardReport;
import com.handoffwarehouse.transforms.crm.CrmObject;
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
    @Mixin
    WarehouseOptions options;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write into.")
    Path out;

    @Option(names = "--as-of", paramLabel = "TIMESTAMP", converter = AsOfConverter.class,
            description = "The as-of time the marts were built at, shown on the page (default: the end of the latest "
                    + "snapshot's day, as warehouse build does).")
    Instant asOf;

    @Override
    public Integer call() {
        WarehouseCatalog catalog = options.openCatalog();
        if (!catalog.exists(Tables.MART_HANDOFF_FUNNEL)) {
            System.err.println("error: no marts in " + catalog.root() + "; run warehouse build first.");
            return ExitCode.USAGE.code();
        }
        Instant shown = asOf != null ? asOf : catalog.read(Tables.raw(CrmObject.LEAD))
                .agg(max(Tables.SNAPSHOT_DATE)).head().getDate(0).toLocalDate()
                .atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
        Path page = DashboardReport.write(catalog, shown, out);
        System.out.println("Dashboard:     " + page.toAbsolutePath());
        System.out.println("Open breaches: " + out.resolve(DashboardReport.BREACHES_CSV).toAbsolutePath());
        return 0;
    }
}
