package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.catalog.SqlNames;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.sql.SqlException;
import com.handoffwarehouse.jobs.sql.SqlFormat;
import com.handoffwarehouse.jobs.sql.SqlRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warehouse sql "SELECT ..."}: one statement against the warehouse's tables by name, printed. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run one Spark SQL statement against the warehouse tables and print the result. Every "
                + "table is there by name: stg_*, int_*, dim_*, fct_*, mart_* as last published (one build, whole), "
                + "raw_*, quarantine_*, run_log, quality_results, publication as last written; "
                + "versions.<name> is a silver or gold Delta table itself, for DESCRIBE HISTORY and VERSION AS OF.",
                "Takes no lock: it runs while a build writes, and sees the build once it is published.",
                "Exit code 2 when the statement fails (the message names the cause; an unknown table lists the "
                        + "tables there are)."})
public final class SqlCommand implements Callable<Integer> {
    @Mixin
    WarehouseOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STATEMENT",
            description = "The statement, quoted for the shell; `-` reads it from standard input.")
    String statement;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
            converter = SqlFormat.Converter.class,
            description = "table: aligned columns, NULL for null, numbers right-aligned; csv: RFC 4180 with a "
                    + "header, null an empty field, an empty string \"\"; json: one object per line. "
                    + "Timestamps print as ISO-8601 UTC. Default: ${DEFAULT-VALUE}.")
    SqlFormat format;

    @Option(names = "--limit", paramLabel = "N",
            description = "Print at most N rows, 0 for all. Default: 1000 for table, all for csv and json. "
                    + "A cut result says so (on standard error for csv and json).")
    Integer limit;

    @Override
    public Integer call() throws IOException {
        if (limit != null && limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must be 0 (all rows) or more");
        }
        String sql = "-".equals(statement)
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : statement;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WarehouseCatalog catalog = options.openCatalog();
        new SqlNames(catalog).register().forEach(problem -> err.println("warning: " + problem));
        try {
            new SqlRunner(catalog.spark(), out, err).run(sql, format, limit == null ? format.defaultLimit() : limit);
            return 0;
        } catch (SqlException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        }
    }
}
