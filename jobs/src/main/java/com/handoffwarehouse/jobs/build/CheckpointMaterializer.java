package com.handoffwarehouse.jobs.build;

import static org.apache.spark.sql.functions.col;

import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Tables held in memory as local checkpoints, over bronze frames a test builds by hand: the same model graph
 * and runner as a warehouse build, without Delta commits, and each model's plan cut at its checkpoint so a tiny
 * org costs what its rows cost.
 */
public final class CheckpointMaterializer implements Materializer {
    private final Map<CrmObject, Dataset<Row>> bronze;
    private final Map<String, Dataset<Row>> tables = new ConcurrentHashMap<>();
    private final Map<String, Watermark> watermarks = new ConcurrentHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    /** @param bronze the raw tables, each with a {@code snapshot_date} column; absent objects were never ingested */
    public CheckpointMaterializer(Map<CrmObject, Dataset<Row>> bronze) {
        this.bronze = new EnumMap<>(CrmObject.class);
        this.bronze.putAll(bronze);
    }

    @Override
    public Optional<Dataset<Row>> source(CrmObject object) {
        return Optional.ofNullable(bronze.get(object));
    }

    @Override
    public Map<LocalDate, Long> sourceStamps(CrmObject object) {
        Map<LocalDate, Long> stamps = new TreeMap<>();
        source(object).ifPresent(raw -> raw.select(Bronze.SNAPSHOT_DATE).distinct().collectAsList()
                .forEach(r -> stamps.put(r.getDate(0).toLocalDate(), 0L)));
        return stamps;
    }

    @Override
    public Optional<Written> current(TableRef table) {
        return Optional.ofNullable(tables.get(table.name())).map(rows -> new Written(table, rows,
                versions.get(table.name()) - 1, rows.count()));
    }

    @Override
    public Watermark watermark(TableRef table) {
        return watermarks.getOrDefault(table.name(), Watermark.NONE);
    }

    @Override
    public Written replace(TableRef table, Dataset<Row> rows, Watermark watermark) {
        return keep(table, checkpoint(rows), watermark);
    }

    @Override
    public Written upsert(TableRef table, Dataset<Row> rows, List<String> key, Watermark watermark) {
        Dataset<Row> current = tables.get(table.name());
        Column matches = null;
        Column[] keys = new Column[key.size()];
        for (int i = 0; i < key.size(); i++) {
            keys[i] = col(key.get(i)).as("_upsert_key_" + i);
            Column same = col(key.get(i)).eqNullSafe(col("_upsert_key_" + i));
            matches = matches == null ? same : matches.and(same);
        }
        Column[] columns = Arrays.stream(current.columns()).map(c -> col(c)).toArray(Column[]::new);
        Dataset<Row> kept = current.join(rows.select(keys), matches, "left_anti");
        return keep(table, checkpoint(kept.unionByName(rows.select(columns))), watermark);
    }

    @Override
    public String publish(List<Written> written, Instant asOf, String runId) {
        return written.size() + " checkpoints";
    }

    /**
     * A local checkpoint that forgets the constraints of the plan it cut: Spark 3.5 keeps them on the checkpoint
     * and then fails to map them in a union of two checkpoints ("key not found").
     */
    private static Dataset<Row> checkpoint(Dataset<Row> rows) {
        return rows.sparkSession().createDataFrame(rows.localCheckpoint().javaRDD(), rows.schema());
    }

    private Written keep(TableRef table, Dataset<Row> checkpoint, Watermark watermark) {
        tables.put(table.name(), checkpoint);
        watermarks.put(table.name(), watermark);
        long version = versions.merge(table.name(), 1L, Long::sum) - 1;
        return new Written(table, checkpoint, version, checkpoint.count());
    }
}
