package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every command that touches the warehouse shares (DESIGN section 7). */
public final class WarehouseOptions {
    @Option(names = "--warehouse", paramLabel = "DIR|URI",
            description = "Warehouse root: a folder, or s3a:// / abfss:// on a cluster (default: `warehouse` in the configuration, ./warehouse-data).")
    String warehouse;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML laid over the packaged defaults (default: ./conf/warehouse.yaml when present).")
    Path config;

    private WarehouseConfig loaded;

    public WarehouseConfig config() {
        if (loaded == null) {
            loaded = ConfigLoader.load(Optional.ofNullable(config));
        }
        return loaded;
    }

    /** The warehouse root, made absolute when local so catalog locations do not depend on the working folder. */
    public String warehouseRoot() {
        String root = warehouse != null ? warehouse : config().warehouse();
        return SparkSessions.localFolder(root).map(Path::toString).orElse(root);
    }

    public WarehouseCatalog openCatalog() {
        SparkSession spark = SparkSessions.forWarehouse(config(), warehouseRoot());
        return new WarehouseCatalog(spark, warehouseRoot());
    }
}
