package com.handoffwarehouse.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.cli.WarehouseCli;
import com.handoffwarehouse.jobs.cli.WarehouseOptions;
import com.handoffwarehouse.quality.GoldSuite;
import com.handoffwarehouse.quality.QualitySuite;
import com.handoffwarehouse.quality.SilverSuite;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code warehouse quality --date D}: the checks of the gates, re-run on demand (after a fix, or to see the
 * warnings of a date again) and recorded like a run's.
 */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Re-run the quality checks: the bronze checks of one snapshot date and the silver and gold "
                + "checks of the current tables. Results go to quality_results; exits "
                + WarehouseCli.QUALITY_GATE_FAILED + " when an Error-level check fails.")
public final class QualityCommand implements Callable<Integer> {
    private static final List<TableRef> SILVER = List.of(Tables.INT_LEAD_HISTORY, Tables.INT_ACCOUNT_HISTORY,
            Tables.INT_USER_HISTORY, Tables.INT_LEAD_TIMELINE);
    private static final List<TableRef> GOLD = List.of(Tables.FCT_HANDOFF, Tables.MART_HANDOFF_FUNNEL,
            Tables.MART_SLA_COMPLIANCE, Tables.MART_ROUTING_AUDIT, Tables.MART_HANDOFF_QUALITY,
            Tables.MART_SDR_BOOKING);

    @Mixin
    WarehouseOptions options;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true,
            description = "The snapshot date whose bronze tables are checked; the silver and gold results are filed "
                    + "under it too.")
    LocalDate date;

    @Option(names = {"-v", "--verbose"}, description = "List every check, not only the failed ones.")
    boolean verbose;

    @Override
    public Integer call() {
        WarehouseCatalog catalog = options.openCatalogForWriting("quality");
        TableRef rawLead = Tables.raw(CrmObject.LEAD);
        if (catalog.readIfExists(rawLead).map(t -> t.where(col(Tables.SNAPSHOT_DATE).equalTo(lit(Date.valueOf(date))))
                .isEmpty()).orElse(true)) {
            System.err.println("error: " + rawLead.name() + " in " + catalog.root() + " has no snapshot dated " + date
                    + "; ingest it first.");
            return WarehouseCli.USAGE_ERROR;
        }
        QualityGates gates = new QualityGates(catalog, options.config(), UUID.randomUUID().toString(),
                new Progress(System.out), verbose);
        List<QualitySuite> suites = new ArrayList<>(gates.bronzeSuites(List.of(date)));
        List<String> checked = new ArrayList<>(List.of("bronze " + date));
        if (builtAll(catalog, SILVER)) {
            suites.addAll(SilverSuite.of(date, new SilverSuite.Tables(catalog.read(Tables.INT_LEAD_HISTORY),
                    catalog.read(Tables.INT_ACCOUNT_HISTORY), catalog.read(Tables.INT_USER_HISTORY),
                    catalog.read(Tables.INT_LEAD_TIMELINE))));
            checked.add("silver");
        }
        if (builtAll(catalog, GOLD)) {
            suites.addAll(GoldSuite.of(date, new GoldSuite.Tables(catalog.read(Tables.FCT_HANDOFF),
                    catalog.read(Tables.MART_HANDOFF_FUNNEL), catalog.read(Tables.MART_SLA_COMPLIANCE),
                    catalog.read(Tables.MART_ROUTING_AUDIT), catalog.read(Tables.MART_HANDOFF_QUALITY),
                    catalog.read(Tables.MART_SDR_BOOKING))));
            checked.add("gold");
        }
        if (checked.size() < 3) {
            System.out.println("Only " + String.join(" and ", checked) + " checked: run warehouse build to publish "
                    + "the other layers.");
        }
        gates.check(String.join(", ", checked), suites).throwIfFailed();
        return 0;
    }

    private static boolean builtAll(WarehouseCatalog catalog, List<TableRef> tables) {
        return tables.stream().allMatch(catalog::exists);
    }
}
