package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.build.ModelGraph;
import com.handoffwarehouse.jobs.build.Selection;
import com.handoffwarehouse.jobs.build.WarehouseBuild;
import com.handoffwarehouse.jobs.models.Models;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code warehouse build}: silver and gold from bronze, as of one instant. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build the silver and gold tables (histories, timeline, facts, marts) from bronze as of one "
                + "instant, each model gated by its checks, and publish them together.")
public final class BuildCommand implements Callable<Integer> {
    @Mixin
    WarehouseOptions options;

    @Option(names = "--as-of", paramLabel = "TIMESTAMP", converter = AsOfConverter.class,
            description = "Build as the warehouse would have looked then: a date (end of day, UTC) or an ISO-8601 "
                    + "timestamp. Default: the end of the latest snapshot's day.")
    Instant asOf;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Routing rule file (default: ./conf/routing.yaml, else the packaged one).")
    Path rules;

    @Option(names = "--select", paramLabel = "SELECTION",
            description = "Build only these models, the others read as they stand: silver or gold (a layer), a model "
                    + "name, <model>+ (it and everything downstream), +<model> (it and everything upstream); several "
                    + "separated by commas or spaces. Default: every model.")
    String select;

    @Option(names = "--full",
            description = "Rebuild the incremental models (stg_*, the int_*_history snapshots) from every snapshot "
                    + "instead of advancing them by the snapshots added since the last build.")
    boolean full;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Selection selection;
        try {
            selection = select == null ? Selection.ALL : Selection.parse(select);
            selection.resolve(new ModelGraph(Models.all()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        WarehouseCatalog catalog = options.openCatalogForWriting("build");
        WarehouseBuild.Result result = new WarehouseBuild(catalog, options.config(),
                RoutingRulesLoader.load(Optional.ofNullable(rules)), new Progress(System.out))
                .run(Optional.ofNullable(asOf), selection, full);
        System.out.println("Built " + result.rows().size() + " tables as of " + result.asOf() + " in "
                + catalog.root());
        return 0;
    }
}
