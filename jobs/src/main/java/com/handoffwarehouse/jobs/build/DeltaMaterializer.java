package com.handoffwarehouse.jobs.build;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.handoffwarehouse.jobs.catalog.Publication;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The runner's tables as Delta tables under the warehouse root: each write is one commit carrying the model's
 * watermark in its metadata, so what an incremental model has seen can never disagree with its table.
 */
public final class DeltaMaterializer implements Materializer {
    /** Delta takes a MERGE's commit metadata from the session only; these merges take turns setting it. */
    private static final Object MERGE_METADATA = new Object();
    private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    private final WarehouseCatalog catalog;

    public DeltaMaterializer(WarehouseCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<Dataset<Row>> source(CrmObject object) {
        TableRef raw = Tables.raw(object);
        return catalog.isWritten(raw) ? Optional.of(catalog.readNewest(raw)) : Optional.empty();
    }

    @Override
    public Map<LocalDate, Long> sourceStamps(CrmObject object) {
        Map<LocalDate, Long> stamps = new TreeMap<>();
        source(object).ifPresent(raw -> raw.groupBy(Bronze.SNAPSHOT_DATE).agg(max(Bronze.INGESTED_AT))
                .collectAsList().forEach(r -> stamps.put(r.getDate(0).toLocalDate(),
                        r.isNullAt(1) ? 0L : r.getTimestamp(1).getTime())));
        return stamps;
    }

    @Override
    public Optional<Written> current(TableRef table) {
        return catalog.isWritten(table) ? Optional.of(written(table)) : Optional.empty();
    }

    @Override
    public Watermark watermark(TableRef table) {
        if (!catalog.isWritten(table)) {
            return Watermark.NONE;
        }
        Row last = history(table).select("userMetadata").head();
        return Watermark.fromJson(last.isNullAt(0) ? null : last.getString(0));
    }

    @Override
    public Written replace(TableRef table, Dataset<Row> rows, Watermark watermark) {
        rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
                .option("userMetadata", watermark.toJson())
                .partitionBy(table.partitionColumns().toArray(String[]::new))
                .save(catalog.location(table));
        return written(table);
    }

    @Override
    public Written upsert(TableRef table, Dataset<Row> rows, List<String> key, Watermark watermark) {
        String on = key.stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").collect(Collectors.joining(" AND "));
        synchronized (MERGE_METADATA) {
            catalog.spark().conf().set(USER_METADATA, watermark.toJson());
            try {
                DeltaTable.forPath(catalog.spark(), catalog.location(table)).as("t")
                        .merge(rows.as("s"), on)
                        .whenMatched().updateAll()
                        .whenNotMatched().insertAll()
                        .execute();
            } finally {
                catalog.spark().conf().unset(USER_METADATA);
            }
        }
        return written(table);
    }

    @Override
    public String publish(List<Written> tables, Instant asOf, String runId) {
        Map<TableRef, Long> versions = new LinkedHashMap<>();
        tables.forEach(w -> versions.put(w.table(), w.version()));
        Publication publication = Publication.publish(catalog, versions, asOf, runId);
        return versions.size() + " tables published together (" + publication.id() + ")";
    }

    /** The newest write of a table, published or not: the runner builds on its own output. */
    private Written written(TableRef table) {
        long version = catalog.version(table);
        Dataset<Row> back = catalog.spark().read().format("delta").option("versionAsOf", version)
                .load(catalog.location(table));
        // Delta answers a count from its file statistics, without reading the data.
        return new Written(table, back, version, back.count());
    }

    private Dataset<Row> history(TableRef table) {
        return DeltaTable.forPath(catalog.spark(), catalog.location(table)).history(1)
                .select(col("version"), col("userMetadata"));
    }
}
