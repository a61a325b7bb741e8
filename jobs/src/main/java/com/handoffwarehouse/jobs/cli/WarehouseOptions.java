package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.ConfigException;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.lock.WarehouseLock;
import com.handoffwarehouse.jobs.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The options every command that touches the warehouse shares (DESIGN section 7). A command that writes opens
 * the warehouse through {@link #openCatalogForWriting}, which holds the writer lock until the command ends
 * ({@link WarehouseCli} closes these options then).
 */
public final class WarehouseOptions implements AutoCloseable {
    @Option(names = "--warehouse", paramLabel = "DIR|URI",
            description = "Warehouse root: a folder, or s3a:// / abfss:// on a cluster (default: `warehouse` in the configuration, ./warehouse-data).")
    String warehouse;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML laid over the packaged defaults (default: ./conf/warehouse.yaml when present).")
    Path config;

    @Option(names = {"-v", "--verbose"},
            description = "Say more: the stack trace of an internal error; for quality, every check, not only the failed ones.")
    boolean verbose;

    private WarehouseConfig loaded;
    private WarehouseLock lock;

    public WarehouseConfig config() {
        if (loaded == null) {
            loaded = ConfigLoader.load(Optional.ofNullable(config));
        }
        return loaded;
    }

    public boolean verbose() {
        return verbose;
    }

    /**
     * The warehouse root, made absolute when local so catalog locations do not depend on the working folder.
     *
     * @throws ConfigException when a local root is an existing file, not a folder
     */
    public String warehouseRoot() {
        String root = warehouse != null ? warehouse : config().warehouse();
        Optional<Path> local = SparkSessions.localFolder(root);
        if (local.isPresent() && Files.exists(local.get()) && !Files.isDirectory(local.get())) {
            throw new ConfigException("The warehouse " + local.get() + " is a file, not a folder. Give "
                    + (warehouse != null ? "--warehouse" : "`warehouse` in the configuration")
                    + " the warehouse's folder (it is created when missing).");
        }
        return local.map(Path::toString).orElse(root);
    }

    /** The warehouse for reading: readers take no lock and see the latest publication. */
    public WarehouseCatalog openCatalog() {
        SparkSession spark = SparkSessions.forWarehouse(config(), warehouseRoot());
        return new WarehouseCatalog(spark, warehouseRoot());
    }

    /**
     * The warehouse for writing as {@code job}: takes the writer lock first, before Spark starts, so a second
     * writer is refused at once ({@link com.handoffwarehouse.jobs.lock.WarehouseInUseException}).
     */
    public WarehouseCatalog openCatalogForWriting(String job) {
        if (lock == null) {
            lock = WarehouseLock.acquire(warehouseRoot(), job, System.err::println);
        }
        return openCatalog();
    }

    /** Releases the writer lock, if this command took it. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
