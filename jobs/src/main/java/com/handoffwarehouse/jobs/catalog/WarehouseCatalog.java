package com.handoffwarehouse.jobs.catalog;

import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Resolves tables to locations under one warehouse root (a folder or an s3a:// / abfss:// URI) and
 * registers them by name in the session's catalog so SQL clients can query them without paths.
 */
public final class WarehouseCatalog {
    private final SparkSession spark;
    private final String root;

    public WarehouseCatalog(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public SparkSession spark() {
        return spark;
    }

    public String root() {
        return root;
    }

    public String location(TableRef table) {
        return root + "/" + table.layer().folder() + "/" + table.name();
    }

    public boolean exists(TableRef table) {
        return DeltaTable.isDeltaTable(spark, location(table));
    }

    public Dataset<Row> read(TableRef table) {
        return spark.read().format("delta").load(location(table));
    }

    public Optional<Dataset<Row>> readIfExists(TableRef table) {
        return exists(table) ? Optional.of(read(table)) : Optional.empty();
    }

    /** The table's current Delta version, or -1 when it has never been written. */
    public long version(TableRef table) {
        if (!exists(table)) {
            return -1;
        }
        return DeltaTable.forPath(spark, location(table)).history(1).select("version").head().getLong(0);
    }

    /**
     * Replaces the whole table in one Delta commit (readers see the old or the new version, never a mix),
     * registers it, and returns it read back from storage so later steps start from the written data.
     */
    public Dataset<Row> replace(TableRef table, Dataset<Row> rows) {
        rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
                .partitionBy(table.partitionColumns().toArray(String[]::new))
                .save(location(table));
        register(table);
        return read(table);
    }

    /** Points the catalog name at the table's location; harmless to repeat. */
    public void register(TableRef table) {
        if (!exists(table)) {
            return;
        }
        String location = location(table);
        spark.sql("CREATE TABLE IF NOT EXISTS `" + table.name() + "` USING delta LOCATION '"
                + location.replace("'", "\\'") + "'");
    }
}
