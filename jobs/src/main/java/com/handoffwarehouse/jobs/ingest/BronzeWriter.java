package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.lit;

import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes bronze and quarantine tables: each write replaces exactly the snapshot dates it covers in one Delta
 * commit ({@code replaceWhere}), so re-ingesting a date is atomic and idempotent, and a date's old rows never
 * survive beside its new ones.
 */
public final class BronzeWriter {
    public static final String INGESTED_AT = "_ingested_at";

    private final WarehouseCatalog catalog;

    public BronzeWriter(WarehouseCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Replaces {@code dates} of the table with {@code rows} (which hold only those dates), stamped with
     * {@code ingestedAt}. Zero rows still replace: a fixed re-export then
     * clears the date's old quarantine rows. New extra columns are added to the table ({@code mergeSchema});
     * contract columns always arrive with the same types.
     */
    public void replace(TableRef table, Dataset<Row> rows, Collection<LocalDate> dates, Instant ingestedAt) {
        rows.withColumn(INGESTED_AT, lit(Timestamp.from(ingestedAt)))
                .write()
                .format("delta")
                .mode("overwrite")
                .option("replaceWhere", datePredicate(dates))
                .option("mergeSchema", "true")
                .partitionBy(table.partitionColumns().toArray(String[]::new))
                .save(catalog.location(table));
    }

    /** Removes {@code dates} from the table, when it exists: the extract for them had no such object. */
    public void clear(TableRef table, Collection<LocalDate> dates) {
        if (catalog.exists(table)) {
            DeltaTable.forPath(catalog.spark(), catalog.location(table)).delete(datePredicate(dates));
        }
    }

    private static String datePredicate(Collection<LocalDate> dates) {
        return Tables.SNAPSHOT_DATE + " IN (" + dates.stream().sorted().distinct()
                .map(d -> "DATE'" + d + "'").collect(Collectors.joining(", ")) + ")";
    }
}
