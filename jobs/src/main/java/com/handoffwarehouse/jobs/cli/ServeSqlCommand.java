package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.catalog.Publication;
import com.handoffwarehouse.jobs.catalog.SqlNames;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.sql.SqlException;
import com.handoffwarehouse.jobs.sql.SqlServer;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code warehouse serve-sql}: the warehouse tables over JDBC until Ctrl-C, following each new publication. */
@Command(name = "serve-sql", mixinStandardHelpOptions = true,
        description = {"Serve the warehouse tables to SQL clients (beeline, DBeaver, any Hive JDBC driver) "
                + "through a Spark Thrift server at jdbc:hive2://HOST:PORT/default, until Ctrl-C.",
                "Takes no lock: builds and daily runs write the warehouse while it serves, and every new "
                        + "publication is picked up within --refresh seconds, all tables at once."})
public final class ServeSqlCommand implements Callable<Integer> {
    /** Hadoop runs higher priorities first; Spark's own hook, which stops the SparkContext, sits at +30. */
    private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;

    @Mixin
    WarehouseOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "10000",
            description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on. The server does not authenticate anyone: keep the default "
                    + "(this machine only) unless the network is trusted; 0.0.0.0 listens on every interface. "
                    + "Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often to look for a new publication; tables that appeared since are registered "
                    + "with it. Default: ${DEFAULT-VALUE}.")
    int refreshSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (refreshSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--refresh must be 1 second or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WarehouseCatalog catalog = options.openCatalog();
        SparkSession spark = catalog.spark();
        SqlNames names = new SqlNames(catalog);
        names.register().forEach(problem -> err.println("warning: " + problem));
        SqlServer server;
        try {
            server = SqlServer.start(spark, host, port);
        } catch (SqlException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        }
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "publication-refresh");
            t.setDaemon(true);
            return t;
        });
        ShutdownHookManager.get().addShutdownHook(() -> {
            refresher.shutdownNow();
            server.close();
            spark.stop();
        }, SHUTDOWN_PRIORITY);
        out.println("Serving " + spark.catalog().listTables().count() + " tables of " + catalog.root() + " at "
                + server.url() + ", " + describe(names.publication()));
        out.println("  beeline -u " + server.url());
        out.println("Ctrl-C stops the server.");
        out.flush();
        refresher.scheduleWithFixedDelay(() -> refresh(names, out, err), refreshSeconds, refreshSeconds,
                TimeUnit.SECONDS);
        // Until Ctrl-C or SIGTERM: the hook above stops the server, and the JVM halts once hooks are done.
        Thread.currentThread().join();
        return 0;
    }

    private static void refresh(SqlNames names, PrintWriter out, PrintWriter err) {
        try {
            names.refresh().ifPresent(problems -> {
                problems.forEach(problem -> err.println("warning: " + problem));
                err.flush();
                out.println("Now serving " + describe(names.publication()));
                out.flush();
            });
        } catch (RuntimeException e) {
            // A publication being written, or storage briefly unreachable: keep serving what is registered.
            err.println("warning: could not look for a new publication (" + e.getMessage()
                    + "); still serving the previous one");
            err.flush();
        }
    }

    private static String describe(Optional<Publication> publication) {
        return publication.map(Publication::toString).orElse("nothing published yet (only bronze and ops tables)");
    }
}
