package com.handoffwarehouse.jobs.ingest.fivetran;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.ingest.ColumnMapping;
import com.handoffwarehouse.jobs.ingest.FolderListing;
import com.handoffwarehouse.jobs.ingest.IngestException;
import com.handoffwarehouse.jobs.ingest.PhysicalRecords;
import com.handoffwarehouse.jobs.ingest.TableFolder;
import com.handoffwarehouse.jobs.ingest.RawExtract;
import com.handoffwarehouse.jobs.ingest.RawSource;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.jobs.ingest.SnapshotFolder.Format;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Fivetran History Mode tables (every version of every record, with {@code _fivetran_start},
 * {@code _fivetran_end} and {@code _fivetran_active}) read as the daily snapshots the warehouse understands:
 * the snapshot of day D holds each record's version active at D 23:59:59 UTC. The days run from the first to
 * the last {@code _fivetran_synced}, the period the connector watched (versions that started before it are
 * the records' state when History Mode began).
 *
 * <p>Each row also carries the instant its version began ({@link Bronze#VERSION_START}) and, for a
 * record whose last version ended by deletion (inactive with a finite end, or a version flagged deleted), the
 * deletion instant ({@link Bronze#DELETED_AT}). The histories are therefore the daily snapshots'
 * versions, dated exactly: what a change gets is the time the record reached the state the day's end shows.
 *
 * <p>Fivetran turns History Mode on per table, so a folder may hold the insert-only history objects
 * ({@code lead_history}, {@code opportunity_history}, ...) as plain tables without {@code _fivetran_start}: they
 * are read as they are, each row in the snapshots from its created date on, and the ingest says so.
 *
 * <p>The folder holds one {@code <table>.csv|.csv.gz|.parquet|.json}, or one {@code <table>/} folder of such
 * files, per object, named as Fivetran names the tables ({@code lead}, {@code opportunity_history}, ...).
 * Each table is read once and kept for the run, since every day is cut from it.
 */
public final class FivetranHistoryModeSource implements RawSource {
    /** How Fivetran marks the end of a version that is still active. */
    private static final Timestamp OPEN_END = Timestamp.valueOf("9999-12-31 00:00:00");

    private record Listed(String path, Format format) {
    }

    private record Table(String path, Dataset<Row> versions) {
    }

    private final String dir;
    private final Map<CrmObject, Table> tables;
    private final ColumnMapping mapping;
    private final List<LocalDate> dates;

    private FivetranHistoryModeSource(String dir, Map<CrmObject, Table> tables, ColumnMapping mapping,
                                      List<LocalDate> dates) {
        this.dir = dir;
        this.tables = tables;
        this.mapping = mapping;
        this.dates = dates;
    }

    /**
     * Lists and reads the tables, and finds the days from their sync times.
     *
     * @throws IngestException when the folder is missing, lacks a required object or a table lacks the
     *                         History Mode columns
     */
    public static FivetranHistoryModeSource open(SparkSession spark, String dir,
                                                 List<String> leadQualificationFields, Progress progress) {
        String trimmed = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
        ColumnMapping mapping = FivetranSalesforce.mapping(leadQualificationFields);
        Map<CrmObject, Table> tables = new EnumMap<>(CrmObject.class);
        LocalDate first = null;
        LocalDate last = null;
        for (Map.Entry<CrmObject, Listed> e : list(spark, trimmed).entrySet()) {
            Listed listed = e.getValue();
            SnapshotFileSource.Loaded counted = SnapshotFileSource.loadCounted(spark, listed.path(), listed.format());
            failOnBrokenRecords(counted.count());
            Dataset<Row> loaded = counted.rows();
            List<String> columns = Arrays.asList(loaded.columns());
            boolean appendOnly = e.getKey().isHistory() && !columns.contains(FivetranSalesforce.START);
            Dataset<Row> versions;
            if (appendOnly) {
                String created = createdColumn(e.getKey(), listed.path(), columns, mapping);
                progress.info("[ingest] " + listed.path() + ": no " + FivetranSalesforce.START + " column, read as "
                        + "an append-only history table as it is: each row is in every daily snapshot from its "
                        + created + " on");
                versions = appendOnly(loaded, created);
            } else {
                for (String needed : List.of(FivetranSalesforce.START, FivetranSalesforce.END)) {
                    if (!columns.contains(needed)) {
                        throw new IngestException("History Mode table " + listed.path() + " has no " + needed
                                + " column; export the table with History Mode on, or ingest it as daily snapshots"
                                + " with --snapshots.");
                    }
                }
                versions = withVersionTimes(loaded, e.getKey(), mapping);
            }
            versions = versions.persist(StorageLevel.MEMORY_AND_DISK());
            tables.put(e.getKey(), new Table(listed.path(), versions));
            // An append-only table says when the connector watched only through its sync times, if it has them.
            String seen = columns.contains(FivetranSalesforce.SYNCED) ? FivetranSalesforce.SYNCED
                    : appendOnly ? null : FivetranSalesforce.START;
            // On the persisted versions, so this pass is the table's only read of the file.
            Column malformed = columns.contains(Bronze.MALFORMED_RECORD) ? col(Bronze.MALFORMED_RECORD) : lit(null);
            Row range = versions.agg(min(seen == null ? lit(null) : timestamp(seen)),
                    max(seen == null ? lit(null) : timestamp(seen)), count(lit(1)),
                    count(when(malformed.isNotNull(), lit(1)))).head();
            failOnLostRecords(listed.path(), counted.count().records(), range.getLong(2), range.getLong(3));
            if (!range.isNullAt(0)) {
                LocalDate from = date(range.getTimestamp(0));
                LocalDate to = date(range.getTimestamp(1));
                first = first == null || from.isBefore(first) ? from : first;
                last = last == null || to.isAfter(last) ? to : last;
            }
        }
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = first; d != null && !d.isAfter(last); d = d.plusDays(1)) {
            dates.add(d);
        }
        progress.info("[ingest] input shape: " + FivetranSalesforce.SHAPE + " History Mode, " + (dates.isEmpty()
                ? "no versions" : dates.size() + " daily snapshots from " + first + " to " + last));
        return new FivetranHistoryModeSource(trimmed, tables, mapping, List.copyOf(dates));
    }

    /**
     * A version row whose quoting or field count is broken cannot be placed in the days it was active, so the
     * table is refused naming the line; a quote that swallowed lines already failed the load.
     */
    private static void failOnBrokenRecords(PhysicalRecords.Count count) {
        count.broken().stream().findFirst().ifPresent(b -> {
            throw new IngestException("History Mode table " + b.file() + " is broken at line " + b.firstLine() + " ("
                    + b.problem() + "): " + count.broken().size() + " record(s) cannot be read as versions. Fix the "
                    + "export (a quote inside a quoted value is written twice: \"\") and ingest again; nothing was "
                    + "ingested.");
        });
    }

    /** Every record of the file became one version, counted apart from the reader; else the table is refused. */
    private static void failOnLostRecords(String path, long physical, long versions, long malformed) {
        if (malformed > 0 || versions != physical) {
            throw new IngestException("History Mode table " + path + " holds " + physical + " records, but "
                    + (versions - malformed) + " were read as versions" + (malformed > 0 ? " and " + malformed
                    + " could not be parsed" : "") + ". Export the table again; nothing was ingested.");
        }
    }

    /**
     * An insert-only history table without History Mode's columns: each row is one immutable event, which
     * exists from its creation on, so its "version" starts at its created date and never ends.
     */
    private static Dataset<Row> appendOnly(Dataset<Row> loaded, String created) {
        return loaded.withColumn(Bronze.VERSION_START, timestamp(created))
                .withColumn("_end", lit(null).cast("timestamp"))
                .withColumn(Bronze.DELETED_AT, lit(null).cast("timestamp"));
    }

    private static String createdColumn(CrmObject object, String path, List<String> columns,
                                        ColumnMapping mapping) {
        return columns.stream().filter(c -> mapping.target(object, c).map("CreatedDate"::equals).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IngestException("History table " + path + " has neither "
                        + FivetranSalesforce.START + " nor a created-date column, so its rows cannot be dated; "
                        + "export it with History Mode on or with its created_date column."));
    }

    /**
     * The versions with their start as {@code _version_start} and, on every version of a record whose last
     * version ended by deletion, that instant as {@code _deleted_at}. History objects are insert-only rows,
     * deleted only with their parent, so they get no deletion time.
     */
    private static Dataset<Row> withVersionTimes(Dataset<Row> loaded, CrmObject object, ColumnMapping mapping) {
        Dataset<Row> versions = loaded
                .withColumn(Bronze.VERSION_START, timestamp(FivetranSalesforce.START))
                .withColumn("_end", timestamp(FivetranSalesforce.END));
        if (object.isHistory()) {
            return versions.withColumn(Bronze.DELETED_AT, lit(null).cast("timestamp"));
        }
        String key = Arrays.stream(loaded.columns())
                .filter(c -> mapping.target(object, c).map(object.keyColumn()::equals).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IngestException("History Mode table of " + object.apiName() + " has no "
                        + FivetranSalesforce.columnName(object.keyColumn()) + " column; it is the record key."));
        Column flagged = FivetranSalesforce.deletedFlag(loaded).orElse(lit(false));
        Column inactive = Arrays.asList(loaded.columns()).contains(FivetranSalesforce.ACTIVE)
                ? lower(trim(col(FivetranSalesforce.ACTIVE))).isin("false", "0")
                : col("_end").lt(lit(OPEN_END));
        Column deletion = when(flagged, col(Bronze.VERSION_START)).when(inactive, col("_end"));
        Dataset<Row> lastVersions = versions.groupBy(col(quote(key)).as("_key"))
                .agg(max_by(deletion, col(Bronze.VERSION_START)).as(Bronze.DELETED_AT));
        return versions.join(lastVersions, col(quote(key)).equalTo(col("_key")), "left").drop("_key");
    }

    @Override
    public List<LocalDate> dates() {
        return dates;
    }

    /** The versions active at the day's end; those flagged deleted are left out, as a deletion would. */
    @Override
    public Optional<RawExtract> read(SparkSession spark, CrmObject object, LocalDate date) {
        Table table = tables.get(object);
        if (table == null) {
            return Optional.empty();
        }
        Timestamp endOfDay = Timestamp.from(date.atTime(23, 59, 59).toInstant(ZoneOffset.UTC));
        Dataset<Row> active = table.versions()
                .filter(col(Bronze.VERSION_START).leq(lit(endOfDay))
                        .and(col("_end").isNull().or(col("_end").geq(lit(endOfDay)))))
                .withColumn(Bronze.VERSION_START, col(Bronze.VERSION_START).cast("string"))
                .withColumn(Bronze.DELETED_AT, col(Bronze.DELETED_AT).cast("string"))
                .drop("_end");
        Dataset<Row> live = FivetranSalesforce.live(active, object, mapping);
        return Optional.of(SnapshotFileSource.renamed(live, object, table.path(), Optional.of(mapping)));
    }

    @Override
    public String describe() {
        return "Fivetran History Mode folder " + dir;
    }

    private static Map<CrmObject, Listed> list(SparkSession spark, String dir) {
        Map<CrmObject, Listed> found = new EnumMap<>(CrmObject.class);
        try {
            Path root = new Path(dir);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (FileStatus s : FolderListing.list(fs, root, name -> true)) {
                String name = s.getPath().getName();
                Optional<Format> fileFormat = s.isDirectory() ? Optional.empty()
                        : Format.of(name.toLowerCase(Locale.ROOT));
                if (!s.isDirectory() && fileFormat.isEmpty()) {
                    continue;
                }
                String base = fileFormat.map(f -> name.substring(0, name.length() - f.suffix().length()))
                        .orElse(name);
                Optional<CrmObject> object = Arrays.stream(CrmObject.values())
                        .filter(o -> FivetranSalesforce.tableName(o).equalsIgnoreCase(base)).findFirst();
                if (object.isPresent()) {
                    String path = dir + "/" + name;
                    Format format = s.isDirectory() ? TableFolder.of(fs, path).format() : fileFormat.get();
                    Listed other = found.putIfAbsent(object.get(), new Listed(path, format));
                    if (other != null) {
                        throw new IngestException("History Mode folder " + dir + " has two tables for "
                                + object.get().apiName() + ": " + other.path() + " and " + name + ". Keep one.");
                    }
                }
            }
        } catch (FileNotFoundException e) {
            throw new IngestException("History Mode folder " + dir + " does not exist.", e);
        } catch (IOException e) {
            throw new IngestException("History Mode folder " + dir + " cannot be read (" + e.getMessage() + "). "
                    + "Check that this user may list it (permissions, storage credentials) and re-run; nothing was "
                    + "ingested.", e);
        }
        for (CrmObject object : CrmObject.values()) {
            if (!object.optional() && !found.containsKey(object)) {
                throw new IngestException("History Mode folder " + dir + " has no " + object.apiName() + " table; "
                        + "expected " + FivetranSalesforce.tableName(object) + ".csv (or .csv.gz, .parquet, .json, "
                        + "or a folder of such files).");
            }
        }
        return found;
    }

    private static Column timestamp(String column) {
        return col(column).cast("timestamp");
    }

    private static LocalDate date(Timestamp t) {
        return t.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
