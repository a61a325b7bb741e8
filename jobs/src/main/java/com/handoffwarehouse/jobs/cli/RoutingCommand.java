package com.handoffwarehouse.jobs.cli;

import static org.apache.spark.sql.functions.col;

import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.marts.RoutingBacktest;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warehouse routing ...}: routing rule tools. */
@Command(name = "routing", mixinStandardHelpOptions = true, description = "Routing rule tools.",
        subcommands = RoutingCommand.Backtest.class)
public final class RoutingCommand {
    /** {@code warehouse routing backtest --rules candidate.yaml}. */
    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = "Replay every handoff in fct_handoff with a candidate rule file, against the facts as "
                    + "they stood at each submission; write routing_backtest and print what would move, by rule and by AE.")
    public static final class Backtest implements Callable<Integer> {
        @Mixin
        WarehouseOptions options;

        @Option(names = "--rules", paramLabel = "FILE", required = true, description = "The candidate rule file.")
        Path rules;

        @Override
        public Integer call() {
            RoutingRules candidate = RoutingRulesLoader.load(Optional.of(rules));
            WarehouseCatalog catalog = options.openCatalogForWriting("routing backtest");
            for (TableRef needed : new TableRef[] {Tables.FCT_HANDOFF, Tables.INT_ACCOUNT_HISTORY,
                    Tables.INT_USER_HISTORY}) {
                if (!catalog.exists(needed)) {
                    System.err.println("error: " + needed.name() + " does not exist in " + catalog.root()
                            + "; run warehouse build first.");
                    return ExitCode.USAGE.code();
                }
            }
            Dataset<Row> replay = catalog.replace(Tables.ROUTING_BACKTEST, RoutingBacktest.replay(
                    catalog.read(Tables.FCT_HANDOFF), catalog.read(Tables.INT_ACCOUNT_HISTORY),
                    catalog.read(Tables.INT_USER_HISTORY), candidate));
            System.out.println("Candidate rules version " + candidate.version() + " from " + rules + ":");
            System.out.println("By rule (current -> candidate):");
            RoutingBacktest.summary(replay, "current_rule", "candidate_rule").show(100, false);
            System.out.println("By AE (handoffs whose expectation or verdict would change):");
            RoutingBacktest.summary(replay.filter(col("changed")), "ae_id").show(100, false);
            System.out.println("Every handoff, current beside candidate: table " + Tables.ROUTING_BACKTEST.name()
                    + " at " + catalog.location(Tables.ROUTING_BACKTEST));
            return 0;
        }
    }
}
