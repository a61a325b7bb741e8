package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.broadcast;
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

import com.handoffwarehouse.transforms.Columns;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.transforms.vocabulary.EventSource;
import com.handoffwarehouse.transforms.vocabulary.SnapshotInstant;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Turns a run of full snapshots of one object into SCD2 versions (valid_from, valid_to, is_current), either
 * from every snapshot at once ({@link #build}) or one new snapshot at a time from the versions so far
 * ({@link #advance}, dbt's snapshot "check" strategy): both give the same rows.
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
 * began ({@link Bronze#VERSION_START}) and the record's deletion instant ({@link Bronze#DELETED_AT}). A version
 * then starts when the record reached the state the snapshot shows, and a deletion is dated when it happened
 * (source {@code history} for both), while the versions themselves stay those of the daily snapshots: the same
 * histories, with exact times. {@link #VERSION_START_AT} keeps that start for each version when it falls after
 * the record's previous snapshot, the time a change between two snapshots of the record is known to have
 * happened.
 */
public final class SnapshotHistory {
    public static final String VERSION_NO = "version_no";
    public static final String VALID_FROM = "valid_from";
    public static final String VALID_TO = "valid_to";
    public static final String IS_CURRENT = "is_current";
    public static final String DELETED_AT = "deleted_at";
    public static final String CHANGE_SOURCE = "change_source";
    public static final String DELETED_SOURCE = "deleted_source";
    public static final String FIRST_SNAPSHOT = "first_snapshot_date";
    public static final String LAST_SNAPSHOT = "last_snapshot_date";
    public static final String VERSION_START_AT = "version_start_at";
    public static final String BEGINNING = "1970-01-01 00:00:00";

    private static final String SNAPSHOT_DATE = Bronze.SNAPSHOT_DATE;

    /**
     * How one object's snapshots become versions.
     *
     * @param idName        the record key, as the snapshots (already renamed) and the history call it
     * @param createdColumn the creation timestamp column, if the object has one
     */
    public record Spec(String idName, Optional<String> createdColumn) {
    }

    private SnapshotHistory() {
    }

    /**
     * The instant the version a row shows began, when its source knows it and it lies in (after, upTo]: the
     * exact time of a change first seen by the snapshot ending at upTo, the previous one ending at after
     * (null: none). Outside that range the start belongs to an older state, not to this change.
     */
    public static Column versionStartWithin(Dataset<Row> rows, Column after, Column upTo) {
        Column start = optionalTimestamp(rows, Bronze.VERSION_START);
        return when(start.leq(upTo).and(after.isNull().or(start.gt(after))), start);
    }

    private static Column optionalTimestamp(Dataset<Row> rows, String column) {
        return Set.of(rows.columns()).contains(column) ? col(column) : lit(null).cast("timestamp");
    }

    /** The columns of a snapshot frame whose change makes a new version: all but the key and the metadata. */
    public static List<String> trackedColumns(Dataset<Row> snapshots, String idName) {
        List<String> out = new ArrayList<>();
        for (String c : snapshots.columns()) {
            if (!c.equals(idName) && !c.equals(SNAPSHOT_DATE) && !Bronze.VERSION_METADATA.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static Column rowHash(List<String> tracked) {
        return sha2(to_json(struct(tracked.stream().map(c -> col(c)).toArray(Column[]::new))), 256);
    }

    /**
     * Every version from every snapshot.
     *
     * @param snapshots    one row per record and snapshot_date (bronze, already deduplicated and renamed)
     * @param snapshotDates every snapshot date of the object, one column {@code snapshot_date}; a record is
     *                     deleted when a later date lacks it
     * @param exactChanges rows (idName, changed_at) from a history object giving exact change times
     */
    public static Dataset<Row> build(Dataset<Row> snapshots, Dataset<Row> snapshotDates, Spec spec,
                                     Optional<Dataset<Row>> exactChanges) {
        String idName = spec.idName();
        List<String> tracked = trackedColumns(snapshots, idName);
        Dataset<Row> indexedDates = snapshotDates.select(SNAPSHOT_DATE).distinct()
                .withColumn("snapshot_idx", row_number().over(Window.orderBy(SNAPSHOT_DATE)))
                .withColumn("next_snapshot_time", lead(SnapshotInstant.of(col(SNAPSHOT_DATE)), 1)
                        .over(Window.orderBy(SNAPSHOT_DATE)))
                .withColumn("prev_snapshot_time", lag(SnapshotInstant.of(col(SNAPSHOT_DATE)), 1)
                        .over(Window.orderBy(SNAPSHOT_DATE)));

        List<Column> trackedCols = new ArrayList<>();
        tracked.forEach(c -> trackedCols.add(col(c)));
        WindowSpec byRecord = Window.partitionBy(idName).orderBy(SNAPSHOT_DATE);

        Dataset<Row> rows = snapshots
                .join(broadcast(indexedDates), SNAPSHOT_DATE)
                .withColumn("row_hash", rowHash(tracked))
                .withColumn("prev_hash", lag("row_hash", 1).over(byRecord))
                .withColumn("prev_idx", lag("snapshot_idx", 1).over(byRecord))
                .withColumn("prev_seen", SnapshotInstant.of(lag(SNAPSHOT_DATE, 1).over(byRecord)))
                .withColumn("starts_version", col("prev_hash").isNull()
                        .or(col("prev_hash").notEqual(col("row_hash")))
                        .or(col("prev_idx").notEqual(col("snapshot_idx").minus(1))))
                .withColumn("reappeared", col("prev_idx").isNotNull()
                        .and(col("prev_idx").notEqual(col("snapshot_idx").minus(1))))
                .withColumn(VERSION_NO, sum(when(col("starts_version"), 1).otherwise(0)).over(byRecord));

        Column thisSnapshot = SnapshotInstant.of(col(SNAPSHOT_DATE));
        Column startInDay = versionStartWithin(rows, col("prev_snapshot_time"), thisSnapshot);
        Dataset<Row> withExact;
        if (exactChanges.isPresent()) {
            Dataset<Row> exact = exactChanges.get().select(col(idName).as("x_id"), col("changed_at"));
            Dataset<Row> starts = rows.filter(col("starts_version").and(col("prev_idx").isNotNull())
                            .and(not(col("reappeared"))))
                    .select(col(idName).as("s_id"), col("snapshot_idx").as("s_idx"),
                            col("prev_snapshot_time").as("s_prev"), thisSnapshot.as("s_time"));
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
        Column created = spec.createdColumn().map(org.apache.spark.sql.functions::col)
                .orElse(lit(null).cast("timestamp"));
        Column firstStart = when(created.isNotNull(), least(created, thisSnapshot))
                .when(col("snapshot_idx").equalTo(1), lit(BEGINNING).cast("timestamp"))
                .otherwise(coalesce(startInDay, thisSnapshot));
        Column start = when(firstEver, firstStart)
                .when(col("reappeared"), coalesce(startInDay, thisSnapshot))
                .otherwise(coalesce(col("exact_change_at"), thisSnapshot));
        Column fromHistory = when(firstEver.or(col("reappeared")), startInDay.isNotNull())
                .otherwise(col("exact_change_at").isNotNull());
        Column source = when(firstEver.and(created.isNotNull()), lit(EventSource.FIELD))
                .when(firstEver.and(col("snapshot_idx").equalTo(1)), lit(EventSource.DIFF))
                .when(fromHistory, lit(EventSource.HISTORY))
                .otherwise(lit(EventSource.DIFF));

        List<Column> keep = new ArrayList<>();
        keep.add(col(idName));
        keep.add(col(VERSION_NO));
        keep.add(start.as(VALID_FROM));
        keep.add(source.as(CHANGE_SOURCE));
        keep.add(col(SNAPSHOT_DATE).as(FIRST_SNAPSHOT));
        keep.add(versionStartWithin(rows, col("prev_seen"), thisSnapshot).as(VERSION_START_AT));
        keep.addAll(trackedCols);
        Dataset<Row> versionStarts = withExact.filter(col("starts_version")).select(keep.toArray(Column[]::new));

        Column deletedAt = optionalTimestamp(rows, Bronze.DELETED_AT);
        Dataset<Row> versionEnds = withExact.groupBy(idName, VERSION_NO).agg(
                min(col("snapshot_idx")).as("first_idx"),
                max(col("snapshot_idx")).as("last_idx"),
                max(SNAPSHOT_DATE).as(LAST_SNAPSHOT),
                max(col("next_snapshot_time")).as("after_last_time"),
                max(deletedAt).as("known_deleted_at"));

        WindowSpec versions = Window.partitionBy(idName).orderBy(VERSION_NO);
        Dataset<Row> lastIdx = indexedDates.agg(max("snapshot_idx").as("max_idx"));
        // A version whose last snapshot is followed by one that lacks the record ends with a deletion, even
        // if the record comes back later (then as a new version).
        Column vanished = col("last_idx").lt(col("max_idx"))
                .and(col("next_first_idx").isNull().or(col("next_first_idx").gt(col("last_idx").plus(1))));
        Column exactDeletion = exactDeletion(col("known_deleted_at"), col(LAST_SNAPSHOT), col("after_last_time"));
        return versionStarts.join(versionEnds, Columns.using(idName, VERSION_NO))
                .crossJoin(broadcast(lastIdx))
                .withColumn("next_from", lead(VALID_FROM, 1).over(versions))
                .withColumn("next_first_idx", lead("first_idx", 1).over(versions))
                .withColumn(DELETED_AT, when(vanished, when(exactDeletion, col("known_deleted_at"))
                        .otherwise(col("after_last_time"))))
                .withColumn(DELETED_SOURCE, when(vanished, when(exactDeletion, lit(EventSource.HISTORY))
                        .otherwise(lit(EventSource.DIFF))))
                .withColumn(VALID_TO, when(vanished, col(DELETED_AT)).otherwise(col("next_from")))
                .withColumn(IS_CURRENT, col(VALID_TO).isNull())
                .drop("next_from", "next_first_idx", "first_idx", "last_idx", "max_idx", "after_last_time",
                        "known_deleted_at");
    }

    /**
     * Each record's last version: its latest known state, even when the record has since been deleted (then it
     * is not current).
     */
    public static Dataset<Row> latestVersions(Dataset<Row> history, String idName) {
        return history
                .withColumn("_rank", row_number().over(Window.partitionBy(idName).orderBy(col(VERSION_NO).desc())))
                .filter(col("_rank").equalTo(1)).drop("_rank");
    }

    private static final String STATE = "_s_";

    /** The carried last version's columns under their own names, some replaced. */
    private static Column[] fromState(List<String> columns, Map<String, Column> replaced) {
        return columns.stream().map(c -> replaced.getOrDefault(c, col(STATE + c)).as(c)).toArray(Column[]::new);
    }

    /** A deletion instant the source gives, when it lies between the record's last snapshot and the next one. */
    private static Column exactDeletion(Column knownDeletedAt, Column lastSnapshotDate, Column nextSnapshotTime) {
        return knownDeletedAt.gt(SnapshotInstant.of(lastSnapshotDate)).and(knownDeletedAt.leq(nextSnapshotTime));
    }

    /**
     * The versions that change when one more snapshot, later than every snapshot so far, is added to a history:
     * rows keyed by (idName, version_no) to upsert into it. The history built from all snapshots equals
     * {@code current} with these upserted.
     *
     * @param current       the history so far, as {@link #build} (or an earlier advance) left it
     * @param snapshot      the new snapshot's rows (renamed, deduplicated), dated {@code newDate}, with the same
     *                      tracked columns as {@code current} (a new column needs a {@link #build})
     * @param previous      the rows of the latest snapshot so far, dated {@code previousDate}: they tell a vanished
     *                      record's deletion instant when its source knows one
     * @param exactChanges  rows (idName, changed_at) from a history object giving exact change times
     */
    public static Dataset<Row> advance(Dataset<Row> current, Dataset<Row> snapshot, Dataset<Row> previous,
                                       LocalDate previousDate, LocalDate newDate, Spec spec,
                                       Optional<Dataset<Row>> exactChanges) {
        String idName = spec.idName();
        List<String> tracked = trackedColumns(snapshot, idName);
        Timestamp prevTime = SnapshotInstant.timestamp(previousDate);
        Timestamp newTime = SnapshotInstant.timestamp(newDate);
        Column newSnapshot = lit(newTime);
        List<String> historyColumns = Arrays.asList(current.columns());

        // The last versions are carried under a prefix: joining them back to frames derived from them would be
        // a self-join, which Spark resolves ambiguously.
        Dataset<Row> last = latestVersions(current, idName);
        List<Column> carried = new ArrayList<>();
        historyColumns.forEach(c -> carried.add(col(c).as(STATE + c)));
        carried.add(rowHash(tracked).as(STATE + "hash"));
        Dataset<Row> state = last.select(carried.toArray(Column[]::new));
        Column stateId = col(STATE + idName);
        Column stateOpen = col(STATE + VALID_TO).isNull();

        Column startInDay = versionStartWithin(snapshot, lit(prevTime), newSnapshot);
        Dataset<Row> incoming = snapshot.withColumn("_r_hash", rowHash(tracked))
                .withColumn("_r_start_in_day", startInDay);
        if (exactChanges.isPresent()) {
            Dataset<Row> times = exactChanges.get()
                    .filter(col("changed_at").gt(lit(prevTime)).and(col("changed_at").leq(newSnapshot)))
                    .groupBy(col(idName).as("_x_id")).agg(max("changed_at").as("_history_change_at"));
            incoming = incoming.join(times, col(idName).equalTo(col("_x_id")), "left").drop("_x_id");
        } else {
            incoming = incoming.withColumn("_history_change_at", lit(null).cast("timestamp"));
        }

        Dataset<Row> joined = incoming.join(state, col(idName).equalTo(stateId), "left");
        Column firstEver = stateId.isNull();
        Column reappeared = stateId.isNotNull().and(not(stateOpen));
        Column changed = stateId.isNotNull().and(stateOpen).and(col(STATE + "hash").notEqual(col("_r_hash")));
        Column exactChange = greatest(col("_history_change_at"), col("_r_start_in_day"));
        Column created = spec.createdColumn().map(org.apache.spark.sql.functions::col)
                .orElse(lit(null).cast("timestamp"));
        Column start = when(firstEver, when(created.isNotNull(), least(created, newSnapshot))
                        .otherwise(coalesce(col("_r_start_in_day"), newSnapshot)))
                .when(reappeared, coalesce(col("_r_start_in_day"), newSnapshot))
                .otherwise(coalesce(exactChange, newSnapshot));
        Column fromHistory = when(firstEver.or(reappeared), col("_r_start_in_day").isNotNull())
                .otherwise(exactChange.isNotNull());
        Column source = when(firstEver.and(created.isNotNull()), lit(EventSource.FIELD))
                .when(fromHistory, lit(EventSource.HISTORY))
                .otherwise(lit(EventSource.DIFF));
        Column previousSeen = SnapshotInstant.of(col(STATE + LAST_SNAPSHOT));
        Dataset<Row> starts = joined.filter(firstEver.or(reappeared).or(changed))
                .withColumn(VERSION_NO, coalesce(col(STATE + VERSION_NO).plus(1), lit(1)))
                .withColumn(VALID_FROM, start)
                .withColumn(CHANGE_SOURCE, source)
                .withColumn(FIRST_SNAPSHOT, lit(Date.valueOf(newDate)))
                .withColumn(VERSION_START_AT, versionStartWithin(joined, previousSeen, newSnapshot))
                .withColumn(LAST_SNAPSHOT, lit(Date.valueOf(newDate)))
                .withColumn(DELETED_AT, lit(null).cast("timestamp"))
                .withColumn(DELETED_SOURCE, lit(null).cast("string"))
                .withColumn(VALID_TO, lit(null).cast("timestamp"))
                .withColumn(IS_CURRENT, lit(true));

        // The open version of every record seen again is extended to the new snapshot, or closed by its change.
        Map<String, Column> extendedColumns = new LinkedHashMap<>();
        extendedColumns.put(LAST_SNAPSHOT, when(changed, col(STATE + LAST_SNAPSHOT)).otherwise(lit(Date.valueOf(newDate))));
        extendedColumns.put(VALID_TO, when(changed, start));
        extendedColumns.put(IS_CURRENT, not(changed));
        Dataset<Row> extended = joined.filter(stateId.isNotNull().and(stateOpen))
                .select(fromState(historyColumns, extendedColumns));

        Dataset<Row> knownDeletion = previous.select(col(idName).as("_d_id"),
                optionalTimestamp(previous, Bronze.DELETED_AT).as("_known_deleted_at"));
        Column exactDeletion = exactDeletion(col("_known_deleted_at"), col(STATE + LAST_SNAPSHOT), newSnapshot);
        Column deletedAt = when(exactDeletion, col("_known_deleted_at")).otherwise(newSnapshot);
        Map<String, Column> vanishedColumns = new LinkedHashMap<>();
        vanishedColumns.put(DELETED_AT, deletedAt);
        vanishedColumns.put(DELETED_SOURCE, when(exactDeletion, lit(EventSource.HISTORY)).otherwise(lit(EventSource.DIFF)));
        vanishedColumns.put(VALID_TO, deletedAt);
        vanishedColumns.put(IS_CURRENT, lit(false));
        Dataset<Row> vanished = state.filter(stateOpen)
                .join(snapshot.select(col(idName).as("_v_id")), stateId.equalTo(col("_v_id")), "left_anti")
                .join(knownDeletion, stateId.equalTo(col("_d_id")), "left")
                .select(fromState(historyColumns, vanishedColumns));

        Column[] out = historyColumns.stream().map(c -> col(c)).toArray(Column[]::new);
        return starts.select(out).unionByName(extended.select(out)).unionByName(vanished.select(out));
    }
}
