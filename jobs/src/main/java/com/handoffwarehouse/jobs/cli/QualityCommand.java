package com.handoffwarehouse.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.build.DeltaMaterializer;
import com.handoffwarehouse.jobs.build.Materializer;
import com.handoffwarehouse.jobs.build.ModelGraph;
import com.handoffwarehouse.jobs.models.Inputs;
import com.handoffwarehouse.jobs.models.Model;
import com.handoffwarehouse.jobs.models.Models;
import com.handoffwarehouse.jobs.quality.QualityGates;
import com.handoffwarehouse.quality.QualitySuite;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
                + "3 (QUALITY_GATE_FAILED) when an Error-level check fails.")
public final class QualityCommand implements Callable<Integer> {
    @Mixin
    WarehouseOptions options;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true,
            description = "The snapshot date whose bronze tables are checked; the silver and gold results are filed "
                    + "under it too.")
    LocalDate date;

    @Override
    public Integer call() {
        WarehouseCatalog catalog = options.openCatalogForWriting("quality");
        TableRef rawLead = Tables.raw(CrmObject.LEAD);
        if (catalog.readIfExists(rawLead).map(t -> t.where(col(Tables.SNAPSHOT_DATE).equalTo(lit(Date.valueOf(date))))
                .isEmpty()).orElse(true)) {
            System.err.println("error: " + rawLead.name() + " in " + catalog.root() + " has no snapshot dated " + date
                    + "; ingest it first.");
            return ExitCode.USAGE.code();
        }
        QualityGates gates = new QualityGates(catalog, options.config(), UUID.randomUUID().toString(),
                new Progress(System.out), options.verbose());
        List<QualitySuite> suites = new ArrayList<>(gates.bronzeSuites(List.of(date), Set.of()));
        List<String> unbuilt = new ArrayList<>();
        Materializer tables = new DeltaMaterializer(catalog);
        for (Model model : new ModelGraph(Models.all()).inOrder()) {
            if (model.suite().isEmpty()) {
                continue;
            }
            Optional<Materializer.Written> table = tables.current(model.table());
            if (table.isEmpty() || model.refs().stream().anyMatch(ref -> !catalog.exists(Tables.silver(ref))
                    && !catalog.exists(Tables.gold(ref)))) {
                unbuilt.add(model.name());
                continue;
            }
            suites.add(new QualitySuite(model.name(), date, table.get().rows(),
                    model.suite().get().rules(refsOf(tables, model))));
        }
        if (!unbuilt.isEmpty()) {
            System.out.println("Not checked, not built yet: " + String.join(", ", unbuilt)
                    + " (run warehouse build).");
        }
        gates.check("bronze " + date + ", silver and gold", suites).throwIfFailed();
        return 0;
    }

    private static Inputs refsOf(Materializer tables, Model model) {
        ModelGraph graph = new ModelGraph(Models.all());
        return new Inputs() {
            @Override
            public Dataset<Row> ref(String table) {
                return tables.current(graph.get(table).table()).orElseThrow().rows();
            }

            @Override
            public Dataset<Row> source(CrmObject object) {
                throw new IllegalStateException("checks read built tables only");
            }
        };
    }
}
