package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.build.WarehouseBuild;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warehouse build}: silver and gold from bronze, as of one instant. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Rebuild the silver and gold tables (histories, timeline, facts) from bronze as of one instant.")
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

    @Override
    public Integer call() {
        WarehouseCatalog catalog = options.openCatalogForWriting("build");
        WarehouseBuild.Result result = new WarehouseBuild(catalog, options.config(),
                RoutingRulesLoader.load(Optional.ofNullable(rules)), new Progress(System.out))
                .run(Optional.ofNullable(asOf));
        System.out.println("Built " + result.rows().size() + " tables as of " + result.asOf() + " in "
                + catalog.root());
        return 0;
    }
}
