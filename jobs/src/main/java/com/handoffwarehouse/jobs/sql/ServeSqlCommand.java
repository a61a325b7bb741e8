package com.handoffwarehouse.jobs.sql;

import com.handoffwarehouse.jobs.cli.WarehouseCli;
import com.handoffwarehouse.jobs.cli.WarehouseOptions;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warehouse serve-sql}: the warehouse tables over JDBC until Ctrl-C. */
@Command(name = "serve-sql", mixinStandardHelpOptions = true,
        description = {"Serve the warehouse tables to SQL clients (beeline, DBeaver, any Hive JDBC driver) "
                + "through a Spark Thrift server at jdbc:hive2://HOST:PORT/default, until Ctrl-C.",
                "While it runs it holds the embedded catalog: other warehouse commands on the same warehouse "
                        + "cannot open it, so stop the server before a build."})
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

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SparkSession spark = options.openCatalog().spark();
        SqlServer server;
        long tables;
        try {
            MetastoreLock.requireFree(spark, Optional.empty());
            // Opens the metastore before the server announces itself, so this process holds it from now on.
            tables = spark.catalog().listTables().count();
            server = SqlServer.start(spark, host, port);
        } catch (SqlException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return WarehouseCli.USAGE_ERROR;
        }
        ShutdownHookManager.get().addShutdownHook(() -> {
            server.close();
            spark.stop();
        }, SHUTDOWN_PRIORITY);
        out.println("Serving " + tables + " tables of " + options.warehouseRoot() + " at " + server.url());
        out.println("  beeline -u " + server.url());
        out.println("Ctrl-C stops the server.");
        out.flush();
        // Until Ctrl-C or SIGTERM: the hook above stops the server, and the JVM halts once hooks are done.
        Thread.currentThread().join();
        return 0;
    }
}
