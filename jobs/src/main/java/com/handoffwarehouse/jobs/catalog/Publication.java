package com.handoffwarehouse.jobs.catalog;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Which version of every silver and gold table readers see. Delta commits one table at a time and has no
 * transaction across tables, so a build writes its tables first (their commits are invisible to readers, who
 * resolve names through this record) and then records the versions of all of them in one overwrite commit of
 * the small Delta table {@code ops/publication}. Readers see one publication whole, before or after, never a
 * mix; a build that dies before that commit leaves the previous publication as it was.
 *
 * <p>One row per published table, in plain columns, so any Delta reader resolves the same versions without a
 * JVM (the notebooks use the {@code deltalake} package): the table is {@code <warehouse root>/<path>} at
 * {@code version}. Paths are relative to the root, so a copied or restored warehouse resolves to itself. The
 * record's own Delta history keeps every earlier publication.
 */
public final class Publication {
    public static final StructType SCHEMA = new StructType()
            .add("table_name", DataTypes.StringType, false)
            .add("layer", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("version", DataTypes.LongType, false)
            .add("as_of", DataTypes.TimestampType, true)
            .add("run_id", DataTypes.StringType, true)
            .add("publication_id", DataTypes.StringType, false)
            .add("published_at", DataTypes.TimestampType, false);

    /**
     * One published table: {@code version} of the Delta table at {@code path} (relative to the warehouse root),
     * written by run {@code runId} as of {@code asOf}; a table carried forward keeps the run that wrote it.
     */
    public record Entry(String tableName, Layer layer, String path, long version, Instant asOf, String runId) {
    }

    private final String id;
    private final Instant publishedAt;
    private final long recordVersion;
    private final Map<String, Entry> entries;

    private Publication(String id, Instant publishedAt, long recordVersion, Map<String, Entry> entries) {
        this.id = id;
        this.publishedAt = publishedAt;
        this.recordVersion = recordVersion;
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /**
     * Publishes {@code versions} (silver and gold tables, each at a version already written) in one commit.
     * Tables of the current publication that are not named keep their published version, so a partial build
     * (silver alone, say) publishes beside the unchanged rest. The catalog reads through the new publication
     * from then on.
     */
    public static Publication publish(WarehouseCatalog catalog, Map<TableRef, Long> versions, Instant asOf,
                                      String runId) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a publication names at least one table");
        }
        Map<String, Entry> merged = new TreeMap<>(current(catalog).map(p -> p.entries).orElse(Map.of()));
        versions.forEach((table, version) -> {
            if (!table.layer().published()) {
                throw new IllegalArgumentException(table.name() + " is a " + table.layer().folder()
                        + " table: only silver and gold tables are published");
            }
            if (version < 0) {
                throw new IllegalArgumentException(table.name() + " has no version " + version + " to publish");
            }
            merged.put(table.name(), new Entry(table.name(), table.layer(), catalog.relativePath(table), version,
                    asOf, runId));
        });
        String id = UUID.randomUUID().toString();
        Instant publishedAt = Instant.now();
        List<Row> rows = new ArrayList<>(merged.size());
        for (Entry e : merged.values()) {
            rows.add(RowFactory.create(e.tableName(), e.layer().folder(), e.path(), e.version(),
                    e.asOf() == null ? null : Timestamp.from(e.asOf()), e.runId(), id, Timestamp.from(publishedAt)));
        }
        catalog.spark().createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("overwrite")
                .save(catalog.location(Tables.PUBLICATION));
        Publication published = new Publication(id, publishedAt, catalog.version(Tables.PUBLICATION), merged);
        catalog.pin(published);
        return published;
    }

    /** The latest publication of the warehouse, or empty when nothing has been published yet. */
    public static Optional<Publication> current(WarehouseCatalog catalog) {
        long recordVersion = catalog.version(Tables.PUBLICATION);
        return recordVersion < 0 ? Optional.empty() : Optional.of(at(catalog, recordVersion));
    }

    /** The publication as its record stood at {@code recordVersion} (a version of ops/publication). */
    public static Publication at(WarehouseCatalog catalog, long recordVersion) {
        List<Row> rows = catalog.spark().read().format("delta").option("versionAsOf", recordVersion)
                .load(catalog.location(Tables.PUBLICATION)).collectAsList();
        Map<String, Entry> entries = new TreeMap<>();
        String id = null;
        Instant publishedAt = null;
        for (Row r : rows) {
            Timestamp asOf = r.getAs("as_of");
            Entry e = new Entry(r.getAs("table_name"), Layer.ofFolder(r.getAs("layer")), r.getAs("path"),
                    r.<Long>getAs("version"), asOf == null ? null : asOf.toInstant(), r.getAs("run_id"));
            entries.put(e.tableName(), e);
            id = r.getAs("publication_id");
            publishedAt = r.<Timestamp>getAs("published_at").toInstant();
        }
        return new Publication(id, publishedAt, recordVersion, entries);
    }

    public String id() {
        return id;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    /** The version of {@code ops/publication} holding this publication: it grows by one per publication. */
    public long recordVersion() {
        return recordVersion;
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    public Optional<Entry> entry(String tableName) {
        return Optional.ofNullable(entries.get(tableName));
    }

    @Override
    public String toString() {
        return "publication " + id + " (" + entries.size() + " tables, published " + publishedAt + ")";
    }
}
