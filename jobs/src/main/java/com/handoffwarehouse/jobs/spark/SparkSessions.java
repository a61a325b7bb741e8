package com.handoffwarehouse.jobs.spark;

import com.handoffwarehouse.jobs.config.WarehouseConfig;
import java.net.URI;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a command runs in. Embedded (no master given by spark-submit) it runs
 * {@code local[2]}-style with a Derby metastore inside the warehouse folder, so table names registered by
 * one process resolve in the next; under spark-submit the cluster's master and catalog win.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession forWarehouse(WarehouseConfig config, String warehouse) {
        SparkConf submitted = new SparkConf();
        boolean embedded = !submitted.contains("spark.master");
        SparkSession.Builder builder = SparkSession.builder()
                .appName("handoff-warehouse")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", String.valueOf(config.spark().shufflePartitions()))
                .config("spark.databricks.delta.snapshotPartitions",
                        String.valueOf(config.spark().deltaSnapshotPartitions()))
                .config("spark.sql.sources.partitionOverwriteMode", "static");
        if (embedded) {
            builder.master(config.spark().master())
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.default.parallelism", String.valueOf(config.spark().shufflePartitions()));
        }
        localFolder(warehouse).ifPresent(folder -> {
            Path catalog = folder.resolve("_catalog");
            try {
                java.nio.file.Files.createDirectories(catalog);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot create the catalog folder " + catalog, e);
            }
            System.setProperty("derby.stream.error.file", catalog.resolve("derby.log").toString());
            builder.config("spark.sql.warehouse.dir", catalog.resolve("spark-warehouse").toString())
                    .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                            "jdbc:derby:;databaseName=" + catalog.resolve("metastore_db") + ";create=true")
                    .config("spark.sql.catalogImplementation", "hive");
        });
        config.spark().conf().forEach(builder::config);
        SparkSession session = builder.getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    /** The warehouse as a local folder, or empty for object stores, whose catalog the cluster provides. */
    public static java.util.Optional<Path> localFolder(String warehouse) {
        URI uri = URI.create(warehouse.replace('\\', '/').replace(" ", "%20"));
        if (uri.getScheme() == null || uri.getScheme().length() == 1 || uri.getScheme().equals("file")) {
            Path path = uri.getScheme() != null && uri.getScheme().equals("file") ? Path.of(uri) : Path.of(warehouse);
            return java.util.Optional.of(path.toAbsolutePath().normalize());
        }
        return java.util.Optional.empty();
    }
}
