package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.build.BuildException;
import com.handoffwarehouse.jobs.catalog.NotPublishedException;
import com.handoffwarehouse.jobs.config.ConfigException;
import com.handoffwarehouse.jobs.ingest.IngestException;
import com.handoffwarehouse.jobs.lock.WarehouseInUseException;
import com.handoffwarehouse.quality.QualityGateFailed;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warehouse}: the one command line of the handoff warehouse. */
@Command(name = "warehouse", mixinStandardHelpOptions = true, version = "handoff-warehouse 0.1.0",
        description = "Batch warehouse for the SDR-to-AE handoff: ingest CRM snapshots into Delta tables and "
                + "publish handoff facts, SLA marts and a dashboard.",
        subcommands = {IngestCommand.class, BuildCommand.class, RunCommand.class, ReportCommand.class, RoutingCommand.class,
                SqlCommand.class, ServeSqlCommand.class,
                QualityCommand.class, CommandLine.HelpCommand.class})
public final class WarehouseCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its exit codes ({@link ExitCode}): an expected failure prints one {@code error:} line
     * and returns its code; anything else is an internal error, printed as one line too unless {@code --verbose}
     * was given, which adds the stack trace.
     */
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
            ExitCode code = exitCode(e);
            if (code == ExitCode.QUALITY_GATE_FAILED) {
                commandLine.getErr().println("error: quality gate failed (all results in table quality_results):");
                commandLine.getErr().println(e.getMessage());
            } else if (code == ExitCode.INTERNAL_ERROR) {
                commandLine.getErr().println("error: internal error: " + rootMessage(e)
                        + (verbose(parseResult) ? "" : " (run again with --verbose for the stack trace)"));
                if (verbose(parseResult)) {
                    e.printStackTrace(commandLine.getErr());
                }
            } else {
                commandLine.getErr().println("error: " + e.getMessage());
            }
            return code.code();
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

    /** The exit code of an exception a command threw. */
    static ExitCode exitCode(Throwable e) {
        if (e instanceof WarehouseInUseException) {
            return ExitCode.WAREHOUSE_IN_USE;
        }
        if (e instanceof IngestException) {
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof ConfigException || e instanceof BuildException || e instanceof NotPublishedException) {
            return ExitCode.USAGE;
        }
        if (e instanceof QualityGateFailed) {
            return ExitCode.QUALITY_GATE_FAILED;
        }
        return ExitCode.INTERNAL_ERROR;
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        return parseResult.originalArgs().contains("--verbose") || parseResult.originalArgs().contains("-v");
    }

    // Spark wraps the cause several levels deep; the innermost message is the one that says what happened.
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
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
