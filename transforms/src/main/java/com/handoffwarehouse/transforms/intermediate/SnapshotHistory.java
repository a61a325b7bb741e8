package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Turns a run of full snapshots of one object into SCD2 versions (valid_from, valid_to, is_current).
 *
 * <p>A snapshot dated D is the state at the end of D, so a change first seen in snapshot D is dated
 * D 23:59:59 UTC (source {@code diff}) unless an exact change time is known for it (source {@code history},
 * the latest such time after the previous snapshot). A record's first version is valid from its creation
 * time when the object carries one, else from the snapshot that first shows it; a record already present
 * in the first snapshot of all and without a creation time is taken to have been so since ever
 * ({@link #BEGINNING}), since nothing earlier is known. A record missing from a later snapshot is closed at
 * that snapshot and gets {@code deleted_at}; if it comes back it starts a new version. Intervals are
 * half-open [valid_from, valid_to) and never overlap; the open one has a null valid_to.
 *
 * <p>Rows from a source that keeps every version (Fivetran History Mode) carry the instant their version
 * began ({@link BronzeValidation#VERSION_START}) and the record's deletion instant
 * ({@link BronzeValidation#DELETED_AT}). A version then starts when the record reached the state the
 * snapshot shows, and a deletion is dated when it happened (source {@code history} for both), while the
 * versions themselves stay those of the daily snapshots: the same histories, with exact times.
 */
public final class SnapshotHistory {
    public static final String VALID_FROM = "valid_from";
    public static final String VALID_TO = "valid_to";
    public static final String IS_CURRENT = "is_current";
    public static final String DELETED_AT = "deleted_at";
    public static final String CHANGE_SOURCE = "change_source";
    public static final String DELETED_SOURCE = "deleted_source";
    public static final String FIRST_SNAPSHOT = "first_snapshot_date";
    public static final String LAST_SNAPSHOT = "last_snapshot_date";
    public static final String SNAPSHOT_DATE = "snapshot_date";
    public static final String BEGINNING = "1970-01-01 00:00:00";

    private SnapshotHistory() {
    }

    /** End of a snapshot's day, the instant its state is known to hold. */
    public static Column snapshotTime(Column snapshotDate) {
        return snapshotDate.cast("timestamp").plus(org.apache.spark.sql.functions.expr("INTERVAL 86399 SECONDS"));
    }

    /**
     * The instant the version a row shows began, when its source knows it and it lies in (after, upTo]: the
     * exact time of a change first seen by the snapshot ending at upTo, the previous one ending at after
     * (null: none). Outside that range the start belongs to an older state, not to this change.
     */
    public static Column versionStartWithin(Dataset<Row> rows, Column after, Column upTo) {
        Column start = optionalTimestamp(rows, BronzeValidation.VERSION_START);
        return when(start.leq(upTo).and(after.isNull().or(start.gt(after))), start);
    }

    private static Column optionalTimestamp(Dataset<Row> rows, String column) {
        return Set.of(rows.columns()).contains(column) ? col(column) : lit(null).cast("timestamp");
    }

    /**
     * @param snapshots    one row per record and snapshot_date (bronze, already deduplicated)
     * @param snapshotDates every snapshot date of the object, one column {@code snapshot_date}; a record is
     *                     deleted when a later date lacks it
     * @param keyColumn    the record key in {@code snapshots}, renamed to {@code idName} in the output
     * @param tracked      the columns whose change makes a new version, kept in the output
     * @param createdColumn the creation timestamp column, if the object has one
     * @param exactChanges rows (idName, changed_at) from a history object giving exact change times
     */
    public static Dataset<Row> build(Dataset<Row> snapshots, Dataset<Row> snapshotDates, String keyColumn,
                                     String idName, List<String> tracked, Optional<String> createdColumn,
                                     Optional<Dataset<Row>> exactChanges) {
        Dataset<Row> indexedDates = snapshotDates.select(SNAPSHOT_DATE).distinct()
                .withColumn("snapshot_idx", row_number().over(Window.orderBy(SNAPSHOT_DATE)))
                .withColumn("next_snapshot_time", lead(snapshotTime(col(SNAPSHOT_DATE)), 1)
                        .over(Window.orderBy(SNAPSHOT_DATE)))
                .withColumn("prev_snapshot_time", lag(snapshotTime(col(SNAPSHOT_DATE)), 1)
                        .over(Window.orderBy(SNAPSHOT_DATE)));

        List<Column> trackedCols = new ArrayList<>();
        tracked.forEach(c -> trackedCols.add(col(c)));
        WindowSpec byRecord = Window.partitionBy(idName).orderBy(SNAPSHOT_DATE);

        Dataset<Row> rows = snapshots.withColumnRenamed(keyColumn, idName)
                .join(org.apache.spark.sql.functions.broadcast(indexedDates), SNAPSHOT_DATE)
                .withColumn("row_hash", sha2(to_json(struct(trackedCols.toArray(Column[]::new))), 256))
                .withColumn("prev_hash", lag("row_hash", 1).over(byRecord))
                .withColumn("prev_idx", lag("snapshot_idx", 1).over(byRecord))
                .withColumn("starts_version", col("prev_hash").isNull()
                        .or(col("prev_hash").notEqual(col("row_hash")))
                        .or(col("prev_idx").notEqual(col("snapshot_idx").minus(1))))
                .withColumn("reappeared", col("prev_idx").isNotNull()
                        .and(col("prev_idx").notEqual(col("snapshot_idx").minus(1))))
                .withColumn("version_no", sum(when(col("starts_version"), 1).otherwise(0)).over(byRecord));

        Column thisSnapshot = snapshotTime(col(SNAPSHOT_DATE));
        Column startInDay = versionStartWithin(rows, col("prev_snapshot_time"), thisSnapshot);
        Dataset<Row> withExact;
        if (exactChanges.isPresent()) {
            Dataset<Row> exact = exactChanges.get().select(col(idName).as("x_id"), col("changed_at"));
            Dataset<Row> starts = rows.filter(col("starts_version").and(col("prev_idx").isNotNull())
                            .and(not(col("reappeared"))))
                    .select(col(idName).as("s_id"), col("snapshot_idx").as("s_idx"),
                            col("prev_snapshot_time").as("s_prev"), snapshotTime(col(SNAPSHOT_DATE)).as("s_time"));
            Dataset<Row> exactTimes = starts.join(exact, col("s_id").equalTo(col("x_id"))
                            .and(col("changed_at").gt(col("s_prev"))).and(col("changed_at").leq(col("s_time"))))
                    .groupBy("s_id", "s_idx").agg(max("changed_at").as("history_change_at"));
            withExact = rows.join(exactTimes, col(idName).equalTo(col("s_id"))
                            .and(col("snapshot_idx").equalTo(col("s_idx"))), "left")
                    .drop("s_id", "s_idx");
        } else {
            withExact = rows.withColumn("history_change_at", lit(null).cast("timestamp"));
        }
        // The version's own start is when the record reached the whole state shown; a field history's
        // latest change in the day can only be earlier or equal.
        withExact = withExact.withColumn("exact_change_at", greatest(col("history_change_at"), startInDay))
                .drop("history_change_at");

        Column firstEver = col("prev_idx").isNull();
        Column created = createdColumn.map(org.apache.spark.sql.functions::col).orElse(lit(null).cast("timestamp"));
        Column firstStart = when(created.isNotNull(), least(created, thisSnapshot))
                .when(col("snapshot_idx").equalTo(1), lit(BEGINNING).cast("timestamp"))
                .otherwise(coalesce(startInDay, thisSnapshot));
        Column start = when(firstEver, firstStart)
                .when(col("reappeared"), coalesce(startInDay, thisSnapshot))
                .otherwise(coalesce(col("exact_change_at"), thisSnapshot));
        Column fromHistory = when(firstEver.or(col("reappeared")), startInDay.isNotNull())
                .otherwise(col("exact_change_at").isNotNull());
        Column source = when(firstEver.and(created.isNotNull()), lit("field"))
                .when(firstEver.and(col("snapshot_idx").equalTo(1)), lit("diff"))
                .when(fromHistory, lit("history"))
                .otherwise(lit("diff"));

        List<Column> keep = new ArrayList<>();
        keep.add(col(idName));
        keep.add(col("version_no"));
        keep.add(start.as(VALID_FROM));
        keep.add(source.as(CHANGE_SOURCE));
        keep.add(col(SNAPSHOT_DATE).as(FIRST_SNAPSHOT));
        keep.addAll(trackedCols);
        Dataset<Row> versionStarts = withExact.filter(col("starts_version")).select(keep.toArray(Column[]::new));

        Column deletedAt = optionalTimestamp(rows, BronzeValidation.DELETED_AT);
        Dataset<Row> versionEnds = withExact.groupBy(idName, "version_no").agg(
                min(col("snapshot_idx")).as("first_idx"),
                max(col("snapshot_idx")).as("last_idx"),
                max(SNAPSHOT_DATE).as(LAST_SNAPSHOT),
                max(col("next_snapshot_time")).as("after_last_time"),
                max(deletedAt).as("known_deleted_at"));

        WindowSpec versions = Window.partitionBy(idName).orderBy("version_no");
        Dataset<Row> lastIdx = indexedDates.agg(max("snapshot_idx").as("max_idx"));
        // A version whose last snapshot is followed by one that lacks the record ends with a deletion, even
        // if the record comes back later (then as a new version).
        Column vanished = col("last_idx").lt(col("max_idx"))
                .and(col("next_first_idx").isNull().or(col("next_first_idx").gt(col("last_idx").plus(1))));
        return versionStarts.join(versionEnds, scala.collection.JavaConverters
                        .asScalaBuffer(List.of(idName, "version_no")).toSeq())
                .crossJoin(org.apache.spark.sql.functions.broadcast(lastIdx))
                .withColumn("next_from", lead(VALID_FROM, 1).over(versions))
                .withColumn("next_first_idx", lead("first_idx", 1).over(versions))
                .withColumn("exact_deletion", col("known_deleted_at").gt(snapshotTime(col(LAST_SNAPSHOT)))
                        .and(col("known_deleted_at").leq(col("after_last_time"))))
                .withColumn(DELETED_AT, when(vanished, when(col("exact_deletion"), col("known_deleted_at"))
                        .otherwise(col("after_last_time"))))
                .withColumn(DELETED_SOURCE, when(vanished, when(col("exact_deletion"), lit("history"))
                        .otherwise(lit("diff"))))
                .withColumn(VALID_TO, when(vanished, col(DELETED_AT)).otherwise(col("next_from")))
                .withColumn(IS_CURRENT, col(VALID_TO).isNull())
                .drop("next_from", "next_first_idx", "first_idx", "last_idx", "max_idx", "after_last_time",
                        "known_deleted_at", "exact_deletion");
    }
}
