package com.handoffwarehouse.jobs.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes {@code ingest_files}: one row per snapshot date and object of the latest successful ingest of that date,
 * with the file's records counted from its bytes ({@code physical_records}, null for a JDBC read), what bronze and
 * quarantine received, and the extract's columns, which the next date's schema-drift report compares with.
 */
public final class IngestFiles {
    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("snapshot_date", DataTypes.DateType, false)
            .add("object", DataTypes.StringType, false)
            .add("source_file", DataTypes.StringType, false)
            .add("physical_records", DataTypes.LongType, true)
            .add("rows_read", DataTypes.LongType, false)
            .add("rows_written", DataTypes.LongType, false)
            .add("rows_quarantined", DataTypes.LongType, false)
            .add("columns", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("ingested_at", DataTypes.TimestampType, false);

    /** One file's accounting: physical = written + quarantined (+ rows a Fivetran export flags deleted). */
    public record Entry(LocalDate snapshotDate, CrmObject object, String sourceFile, Long physicalRecords,
                        long rowsRead, long rowsWritten, long rowsQuarantined, List<String> columns) {
    }

    private final WarehouseCatalog catalog;

    public IngestFiles(WarehouseCatalog catalog) {
        this.catalog = catalog;
    }

    /** Replaces the rows of the entries' dates in one commit: a re-ingested date keeps only its latest files. */
    public void record(String runId, Instant ingestedAt, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Row> rows = new ArrayList<>();
        entries.forEach(e -> rows.add(RowFactory.create(runId, Date.valueOf(e.snapshotDate()), e.object().apiName(),
                e.sourceFile(), e.physicalRecords(), e.rowsRead(), e.rowsWritten(), e.rowsQuarantined(),
                e.columns(), Timestamp.from(ingestedAt))));
        String dates = entries.stream().map(Entry::snapshotDate).distinct().sorted()
                .map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
        catalog.spark().createDataFrame(rows, SCHEMA).write().format("delta").mode("overwrite")
                .option("replaceWhere", "snapshot_date IN (" + dates + ")")
                .save(catalog.location(Tables.INGEST_FILES));
    }

    /** The columns and date of the object's latest file ingested before {@code date}, if any was recorded. */
    public Optional<Dated> columnsBefore(CrmObject object, LocalDate date) {
        return catalog.readIfExists(Tables.INGEST_FILES).flatMap(t -> {
            List<Row> latest = t.where(col("object").equalTo(lit(object.apiName()))
                            .and(col("snapshot_date").lt(lit(Date.valueOf(date)))))
                    .orderBy(col("snapshot_date").desc()).select("snapshot_date", "columns").limit(1)
                    .collectAsList();
            return latest.stream().findFirst().map(r -> new Dated(r.getDate(0).toLocalDate(), r.<String>getList(1)));
        });
    }

    /** A file's date and columns. */
    public record Dated(LocalDate date, List<String> columns) {
    }
}
