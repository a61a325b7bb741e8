package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.build.BuildException;
import com.handoffwarehouse.jobs.catalog.NotPublishedException;
import com.handoffwarehouse.jobs.config.ConfigException;
import com.handoffwarehouse.jobs.ingest.IngestException;
import com.handoffwarehouse.jobs.lock.WarehouseInUseException;
import com.handoffwarehouse.jobs.quality.QualityCommand;
import com.handoffwarehouse.quality.QualityGateFailed;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warehouse}: the one command line of the handoff warehouse. */
@Command(name = "warehouse", mixinStandardHelpOptions = true, version = "handoff-warehouse 0.1.0",
        description = "Batch warehouse for the SDR-to-AE handoff: ingest CRM snapshots into Delta tables and "
                + "publish handoff facts, SLA marts and a dashboard.",
        subcommands = {IngestCommand.class, BuildCommand.class, RunCommand.class, com.handoffwarehouse.jobs.report.ReportCommand.class, RoutingCommand.class,
                SqlCommand.class, ServeSqlCommand.class,
                QualityCommand.class, CommandLine.HelpCommand.class})
public final class WarehouseCli {
    /** Exit code of a run stopped by bad input or configuration, as opposed to a bug (1). */
    public static final int USAGE_ERROR = 2;

    /** Exit code of a run stopped by an Error-level quality check: the data is at fault, not the code or input. */
    public static final int QUALITY_GATE_FAILED = 3;

    /** Exit code of a writer refused because another process is writing the same warehouse. */
    public static final int WAREHOUSE_IN_USE = 5;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new WarehouseCli());
        if (generatorPresent()) {
            cli.addSubcommand(new GenerateCommand());
            cli.addSubcommand(new DemoCommand());
            cli.addSubcommand(new BenchCommand());
        }
        cli.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                releaseWarehouse(parseResult);
            }
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof WarehouseInUseException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return WAREHOUSE_IN_USE;
            }
            if (e instanceof ConfigException || e instanceof BuildException || e instanceof IngestException
                    || e instanceof NotPublishedException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return USAGE_ERROR;
            }
            if (e instanceof QualityGateFailed) {
                commandLine.getErr().println("error: quality gate failed (all results in table quality_results):");
                commandLine.getErr().println(e.getMessage());
                return QUALITY_GATE_FAILED;
            }
            throw e;
        });
        return cli;
    }

    /** The cluster jar leaves the sample generator out, and with it the commands that run it. */
    private static boolean generatorPresent() {
        try {
            Class.forName("com.handoffwarehouse.generator.SampleGenerator", false, WarehouseCli.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Closes the warehouse options of the command that ran, releasing its writer lock when it took one. */
    private static void releaseWarehouse(CommandLine.ParseResult parseResult) {
        for (CommandLine command : parseResult.asCommandLineList()) {
            for (CommandLine.Model.CommandSpec mixin : command.getCommandSpec().mixins().values()) {
                if (mixin.userObject() instanceof WarehouseOptions options) {
                    options.close();
                }
            }
        }
    }
}
