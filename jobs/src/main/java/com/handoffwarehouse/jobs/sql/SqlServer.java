package com.handoffwarehouse.jobs.sql;

import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.hive.service.cli.thrift.ThriftCLIService;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;

/**
 * A Spark Thrift server (the HiveServer2 protocol that beeline, DBeaver and every Hive JDBC/ODBC driver
 * speak) on an existing session, so JDBC clients see the session's catalog and each client connection gets
 * its own child session (own temporary views and settings) over the same tables.
 */
public final class SqlServer implements AutoCloseable {
    private final HiveThriftServer2 server;
    private final String url;

    private SqlServer(HiveThriftServer2 server, String url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Listens on {@code host:port} (port 0: any free port) in plain binary transport without authentication,
     * which is why callers should keep the host on loopback unless the network is trusted.
     */
    public static SqlServer start(SparkSession spark, String host, int port) {
        // startWithContext builds the server's Hive configuration from the session's settings.
        spark.conf().set("hive.server2.thrift.bind.host", host);
        spark.conf().set("hive.server2.thrift.port", String.valueOf(port));
        spark.conf().set("hive.server2.transport.mode", "binary");
        // libthrift 0.12 logs every client disconnect as an ERROR with a stack trace (THRIFT-4805).
        Configurator.setLevel("org.apache.thrift.server.TThreadPoolServer", Level.OFF);
        // Hive keeps a session per thread and reuses it over the settings above: a thread that has touched
        // Hive before would start the server on port 10000, so a fresh thread starts it.
        FutureTask<HiveThriftServer2> starting = new FutureTask<>(
                () -> HiveThriftServer2.startWithContext(spark.sqlContext()));
        new Thread(starting, "sql-server-start").start();
        HiveThriftServer2 server;
        try {
            server = starting.get();
        } catch (ExecutionException e) {
            Throwable root = rootCause(e);
            throw new SqlException(root instanceof BindException
                    ? host + ":" + port + " is taken (" + root.getMessage() + "): choose another --port, or 0 for any "
                    + "free one"
                    : "could not start the SQL server on " + host + ":" + port + ": " + root);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlException("interrupted while starting the SQL server");
        }
        int bound = server.getServices().stream()
                .filter(ThriftCLIService.class::isInstance)
                .mapToInt(service -> ((ThriftCLIService) service).getPortNumber())
                .findFirst().orElse(port);
        String url = "jdbc:hive2://" + urlHost(host) + ":" + bound + "/default";
        return new SqlServer(server, url);
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        server.stop();
    }

    private static String urlHost(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                // Listening on every interface: other machines reach it by this machine's name.
                return InetAddress.getLocalHost().getHostName();
            }
        } catch (UnknownHostException e) {
            return host;
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
