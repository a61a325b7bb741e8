package com.handoffwarehouse.jobs.spark;

import com.handoffwarehouse.jobs.catalog.PublicationCheck;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a command runs in. Embedded (no master given by spark-submit) it runs
 * {@code local[2]}-style; under spark-submit the cluster's master wins. Either way the session catalog is
 * Spark's in-memory one: nothing about the warehouse is kept outside it, each process that serves SQL
 * registers the tables from the warehouse folders when it opens them ({@code SqlNames}), and any number of
 * processes can read one warehouse at once. What Spark and the SQL server's embedded Hive leave behind
 * (the default database folder, derby.log) goes to a scratch folder of this process, removed at exit.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession forWarehouse(WarehouseConfig config, String warehouse) {
        SparkConf submitted = new SparkConf();
        boolean embedded = !submitted.contains("spark.master");
        Path scratch = scratchFolder();
        // The SQL server's execution Hive opens a private in-memory Derby; its log would land in the working folder.
        System.setProperty("derby.stream.error.file", scratch.resolve("derby.log").toString());
        SparkSession.Builder builder = SparkSession.builder()
                .appName("handoff-warehouse")
                .config("spark.sql.extensions",
                        "io.delta.sql.DeltaSparkSessionExtension," + PublicationCheck.class.getName())
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.warehouse.dir", scratch.resolve("spark-warehouse").toUri().toString())
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
        config.spark().conf().forEach(builder::config);
        SparkSession session = builder.getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    /** The warehouse as a local folder, or empty for object stores (s3a://, abfss://, ...). */
    public static Optional<Path> localFolder(String warehouse) {
        URI uri = URI.create(warehouse.replace('\\', '/').replace(" ", "%20"));
        if (uri.getScheme() == null || uri.getScheme().length() == 1 || uri.getScheme().equals("file")) {
            Path path = uri.getScheme() != null && uri.getScheme().equals("file") ? Path.of(uri) : Path.of(warehouse);
            return Optional.of(path.toAbsolutePath().normalize());
        }
        return Optional.empty();
    }

    private static Path scratchFolder() {
        try {
            Path scratch = Files.createTempDirectory("handoff-warehouse-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(scratch), "scratch-cleanup"));
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a scratch folder in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left in the temporary folder, which the system cleans.
        }
    }
}
