package com.handoffwarehouse.jobs.catalog;

import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Resolves tables to locations under one warehouse root (a folder or an s3a:// / abfss:// URI), always from the
 * root it was opened with, so a copied or restored warehouse reads and writes itself. Readers see silver and
 * gold through the warehouse's {@link Publication} (one complete build, pinned to its versions); bronze,
 * quarantine and ops tables at their newest version. Writers write each table whole and publish once.
 */
public final class WarehouseCatalog {
    private final SparkSession spark;
    private final String root;
    /** The publication this catalog reads through; null until first needed. */
    private volatile Optional<Publication> pinned;

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

    /** Where the table lives relative to the root, e.g. {@code gold/fct_handoff}. */
    public String relativePath(TableRef table) {
        return table.layer().folder() + "/" + table.name();
    }

    public String location(TableRef table) {
        return location(relativePath(table));
    }

    public String location(String relativePath) {
        return root + "/" + relativePath;
    }

    /** Whether readers can read the table: a silver or gold table once published, any other once written. */
    public boolean exists(TableRef table) {
        return table.layer().published() ? published(table).isPresent() : isWritten(table);
    }

    /** The table as readers see it: silver and gold at their published version, the others at their newest. */
    public Dataset<Row> read(TableRef table) {
        if (!table.layer().published()) {
            return readNewest(table);
        }
        Publication.Entry entry = published(table).orElseThrow(() -> new NotPublishedException(table.name()
                + " has not been published in " + root + ": run warehouse build first."));
        return readVersion(location(entry.path()), entry.version());
    }

    public Optional<Dataset<Row>> readIfExists(TableRef table) {
        return exists(table) ? Optional.of(read(table)) : Optional.empty();
    }

    /** The table's newest written Delta version (published or not), or -1 when it has never been written. */
    public long version(TableRef table) {
        return isWritten(table) ? newestVersion(location(table)) : -1;
    }

    /** A table just written: the version its commit made, and its rows read back at that version. */
    public record Written(TableRef table, long version, Dataset<Row> rows) {
    }

    /**
     * Replaces the whole table in one Delta commit; readers of a silver or gold table keep seeing the published
     * version until a {@link Publication} names the new one. The rows come back read from storage so later steps
     * start from the written data.
     */
    public Written write(TableRef table, Dataset<Row> rows) {
        rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
                .partitionBy(table.partitionColumns().toArray(String[]::new))
                .save(location(table));
        long version = newestVersion(location(table));
        return new Written(table, version, readVersion(location(table), version));
    }

    /** {@link #write} for callers that need only the rows. */
    public Dataset<Row> replace(TableRef table, Dataset<Row> rows) {
        return write(table, rows).rows();
    }

    /** The publication this catalog reads through, loaded at first use and kept until refreshed. */
    public Optional<Publication> publication() {
        Optional<Publication> current = pinned;
        if (current == null) {
            current = Publication.current(this);
            pinned = current;
        }
        return current;
    }

    /** Reads the warehouse's latest publication again (a long-lived reader's way to see new builds). */
    public Optional<Publication> refreshPublication() {
        pinned = Publication.current(this);
        return pinned;
    }

    void pin(Publication publication) {
        pinned = Optional.of(publication);
    }

    private Optional<Publication.Entry> published(TableRef table) {
        return publication().flatMap(p -> p.entry(table.name()));
    }

    /** For writers building on their own output: whether the table has been written, published or not. */
    public boolean isWritten(TableRef table) {
        return DeltaTable.isDeltaTable(spark, location(table));
    }

    /** For writers building on their own output (an incremental model): the newest write, published or not. */
    public Dataset<Row> readNewest(TableRef table) {
        return spark.read().format("delta").load(location(table));
    }

    private long newestVersion(String location) {
        return DeltaTable.forPath(spark, location).history(1).select("version").head().getLong(0);
    }

    private Dataset<Row> readVersion(String location, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(location);
    }
}
