package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_json;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Reads snapshot folders of CSV (optionally gzipped), Parquet or JSON-lines files into the all-string,
 * API-named rows of {@link RawExtract}. Typed Parquet and JSON values become the strings bronze validation
 * parses back to the same value: timestamps as ISO-8601 with their offset, booleans as true/false.
 */
public final class SnapshotFileSource implements RawSource {
    /** Characters Delta (without column mapping mode) refuses in column names. */
    private static final String INVALID_NAME_CHARS = "[ ,;{}()\\n\\t=]+";
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    /** Spark JSON's own name for the text of a line it cannot parse. */
    private static final String SPARK_CORRUPT_RECORD = "_corrupt_record";
    private static final String BROKEN_TEXT = "_broken_text";
    private static final String PART = "_part";
    private static final String RECORDS_BEFORE = "_records_before";
    private static final String FILE_PATH = "_file_path";
    /** The columns a scan of several files adds; a header that has one of them is read file by file. */
    private static final Set<String> TOGETHER_COLUMNS = Set.of(FILE_PATH, "_in_file", RawExtract.SOURCE_FILE,
            RawExtract.ROW_NUMBER, Bronze.SNAPSHOT_DATE);

    /**
     * A file as loaded, with its independent record count ({@link PhysicalRecords}): the rows Spark produced must be
     * exactly {@code count.records()}, which {@link BronzeIngest} checks against bronze plus quarantine.
     */
    public record Loaded(Dataset<Row> rows, PhysicalRecords.Count count) {
    }

    /** The {@code --shape} of exports that use the contract's own API names. */
    public static final String API_SHAPE = "api";

    private final SnapshotFolder folder;
    private final Optional<ColumnMapping> mapping;
    private final boolean fivetran;
    /** The record counts of the single CSV files read so far without a broken record, by path. */
    private final Map<String, PhysicalRecords.Count> plainCsv = new ConcurrentHashMap<>();

    public SnapshotFileSource(SnapshotFolder folder, Optional<ColumnMapping> mapping) {
        this(folder, mapping, false);
    }

    private SnapshotFileSource(SnapshotFolder folder, Optional<ColumnMapping> mapping, boolean fivetran) {
        this.folder = folder;
        this.mapping = mapping;
        this.fivetran = fivetran;
    }

    /**
     * A source over the snapshot folder {@code dir} (local, s3a://, abfss://, ...) read through {@code mapping};
     * without one, the shape is detected as by {@link #open(SparkSession, String, Optional, List, Progress)}.
     */
    public static SnapshotFileSource open(SparkSession spark, String dir, Optional<ColumnMapping> mapping) {
        if (mapping.isPresent()) {
            return new SnapshotFileSource(scan(spark, dir, mapping), mapping);
        }
        return open(spark, dir, Optional.empty(), List.of(), Progress.silent());
    }

    /**
     * A source over {@code dir} in the given shape: {@value #API_SHAPE}, {@value FivetranSalesforce#SHAPE}, or a
     * column mapping's file or packaged name. Without one, the shape is detected from the first date's Lead
     * file: a snake_case {@code lead.*} with a Fivetran header is fivetran-salesforce, anything else api. The
     * shape is printed, since a wrong guess would otherwise show only as missing columns.
     */
    public static SnapshotFileSource open(SparkSession spark, String dir, Optional<String> shape,
                                          List<String> leadQualificationFields, Progress progress) {
        String chosen = shape.orElseGet(() -> detect(spark, dir));
        progress.info("[ingest] input shape: " + chosen + (shape.isPresent() ? "" : " (detected)"));
        if (chosen.equals(API_SHAPE)) {
            return new SnapshotFileSource(scan(spark, dir, Optional.empty()), Optional.empty(), false);
        }
        boolean fivetran = chosen.equals(FivetranSalesforce.SHAPE);
        Optional<ColumnMapping> mapping = Optional.of(fivetran ? FivetranSalesforce.mapping(leadQualificationFields)
                : ColumnMapping.load(chosen, leadQualificationFields));
        return new SnapshotFileSource(scan(spark, dir, mapping), mapping, fivetran);
    }

    private static SnapshotFolder scan(SparkSession spark, String dir, Optional<ColumnMapping> mapping) {
        return SnapshotFolder.scan(spark.sparkContext().hadoopConfiguration(), dir, mapping);
    }

    // The API's Lead.csv (or Lead/ folder) is told apart by its name alone, so API-named folders are detected without a read.
    private static String detect(SparkSession spark, String dir) {
        SnapshotFolder plain = scan(spark, dir, Optional.empty());
        if (plain.dates().isEmpty()) {
            return API_SHAPE;
        }
        SnapshotFolder.SnapshotFile lead;
        try {
            lead = plain.files(plain.dates().get(0)).get(CrmObject.LEAD);
        } catch (IngestException incomplete) {
            // Reading the folder as API-named reports what is missing, naming the files it looked for.
            return API_SHAPE;
        }
        String name = lead.path().substring(lead.path().lastIndexOf('/') + 1);
        String fivetranLead = FivetranSalesforce.tableName(CrmObject.LEAD);
        if (!name.equals(fivetranLead) && !name.startsWith(fivetranLead + ".")) {
            return API_SHAPE;
        }
        List<String> header = lead.format() == SnapshotFolder.Format.CSV
                || lead.format() == SnapshotFolder.Format.CSV_GZ
                ? PhysicalRecords.csvHeader(spark.sparkContext().hadoopConfiguration(), lead.path())
                : List.of(load(spark, lead.path(), lead.format()).columns());
        return FivetranSalesforce.isFivetranHeader(CrmObject.LEAD, header) ? FivetranSalesforce.SHAPE : API_SHAPE;
    }

    @Override
    public List<LocalDate> dates() {
        return folder.dates();
    }

    /**
     * The object's file of that date, read lazily: only the header (CSV), the footer (Parquet) or, for JSON,
     * a schema-inferring pass is done here, so the required columns can be checked before any row is read.
     */
    @Override
    public Optional<RawExtract> read(SparkSession spark, CrmObject object, LocalDate date) {
        SnapshotFolder.SnapshotFile file = folder.files(date).get(object);
        if (file == null) {
            return Optional.empty();
        }
        Loaded counted = loadCounted(spark, file.path(), file.format());
        Dataset<Row> loaded = counted.rows();
        long expected = counted.count().records();
        if (!fivetran && isPlainCsvFile(file, counted.count())) {
            plainCsv.put(file.path(), counted.count());
        }
        if (fivetran) {
            // Rows flagged deleted are left out on purpose; they are accounted for as such.
            Optional<Column> deleted = FivetranSalesforce.deletedFlag(loaded);
            if (deleted.isPresent()) {
                expected -= loaded.filter(deleted.get()).count();
            }
            loaded = FivetranSalesforce.live(loaded, object, mapping.orElseThrow());
        }
        return Optional.of(renamed(loaded, object, file.path(), mapping).withPhysicalRecords(expected));
    }

    /**
     * Several dates' files of one object in one CSV scan when they are single CSV files with one header and no
     * broken record (a daily export's usual case): each row gets its date and its source file from its file's path,
     * and its row number from its position in that file, as a scan per file gives them. Otherwise one scan per file.
     */
    @Override
    public Dataset<Row> together(SparkSession spark, CrmObject object, Map<LocalDate, RawExtract> byDate) {
        List<PhysicalRecords.Count> counts = byDate.values().stream().map(e -> plainCsv.get(e.source())).toList();
        if (byDate.size() < 2 || counts.stream().anyMatch(java.util.Objects::isNull)
                || counts.stream().map(PhysicalRecords.Count::header).distinct().count() > 1
                || counts.get(0).header().stream()
                        .anyMatch(h -> TOGETHER_COLUMNS.contains(h.trim().toLowerCase(Locale.ROOT)))) {
            return RawSource.super.together(spark, object, byDate);
        }
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<Row> files = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Map.Entry<LocalDate, RawExtract> e : byDate.entrySet()) {
            String path = e.getValue().source();
            paths.add(path);
            files.add(RowFactory.create(qualified(hadoop, path), path, java.sql.Date.valueOf(e.getKey())));
        }
        Dataset<Row> fileDates = spark.createDataFrame(files, new StructType()
                .add(FILE_PATH, DataTypes.StringType, false)
                .add(RawExtract.SOURCE_FILE, DataTypes.StringType, false)
                .add(Bronze.SNAPSHOT_DATE, DataTypes.DateType, false));
        Dataset<Row> rows = csvReader(spark, csvSchema(paths.get(0), counts.get(0).header()))
                .csv(paths.toArray(String[]::new))
                .withColumn(FILE_PATH, org.apache.spark.sql.functions.expr("parse_url(_metadata.file_path, 'PATH')"))
                .withColumn("_in_file", monotonically_increasing_id())
                .join(broadcast(fileDates), FILE_PATH)
                .withColumn(RawExtract.ROW_NUMBER, row_number().over(Window.partitionBy(col(FILE_PATH))
                        .orderBy(col("_in_file"))).cast("long"))
                .drop(FILE_PATH, "_in_file");
        return renamed(rows, object, paths.get(0), mapping, col(RawExtract.SOURCE_FILE),
                Set.of(RawExtract.SOURCE_FILE, Bronze.SNAPSHOT_DATE)).rows();
    }

    // A folder of parts numbers its rows across parts, and a broken record needs its raw text joined by number.
    private static boolean isPlainCsvFile(SnapshotFolder.SnapshotFile file, PhysicalRecords.Count count) {
        return (file.format() == SnapshotFolder.Format.CSV || file.format() == SnapshotFolder.Format.CSV_GZ)
                && count.broken().isEmpty() && count.parts().size() == 1
                && count.parts().get(0).name().equals(new org.apache.hadoop.fs.Path(file.path()).getName());
    }

    /**
     * The path part of a file's URI, URL-encoded as Spark's {@code _metadata.file_path} spells it; only the path,
     * since Spark writes a local file as {@code file:/x} where Hadoop qualifies it as {@code file:///x}.
     */
    private static String qualified(Configuration hadoop, String path) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        try {
            return p.getFileSystem(hadoop).makeQualified(p).toUri().getRawPath();
        } catch (java.io.IOException e) {
            throw new IngestException("Snapshot file " + path + " cannot be read (" + e.getMessage() + "); "
                    + "nothing of this run was written.", e);
        }
    }

    /**
     * A file (or a folder of part files) of the given format, every column a string, plus {@code _row_number},
     * the row's 1-based position in the file.
     */
    public static Dataset<Row> load(SparkSession spark, String path, SnapshotFolder.Format format) {
        return loadCounted(spark, path, format).rows();
    }

    /**
     * {@link #load} plus the file's records counted from its bytes, which also finds a damaged file (a truncated
     * gzip) before Spark reads it, and the CSV records whose field count or quoting is broken: those rows carry
     * their raw text in {@link Bronze#MALFORMED_RECORD}, as do JSON lines that do not parse.
     *
     * @throws IngestException when the file cannot be read, or a broken quote swallowed the lines after it
     */
    public static Loaded loadCounted(SparkSession spark, String path, SnapshotFolder.Format format) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        PhysicalRecords.Count count = PhysicalRecords.of(hadoop, path, format);
        Dataset<Row> rows = switch (format) {
            case CSV, CSV_GZ -> csv(spark, path, count);
            case PARQUET -> parquet(spark, path, count);
            case JSON -> json(spark, path, count);
        };
        return new Loaded(rows, count);
    }

    @Override
    public String describe() {
        return "snapshot folder " + folder.dir() + (fivetran ? " (" + FivetranSalesforce.SHAPE + " shape)"
                : mapping.map(m -> " (column mapping " + m.origin() + ")").orElse(""));
    }

    /** The mapping the files are read through, which error messages about missing columns name. */
    public Optional<ColumnMapping> mapping() {
        return mapping;
    }

    // multiLine CSV is not splittable (nor is gzip), so one file is read as one partition, in file order:
    // monotonically_increasing_id is then exactly the 0-based row position (in a folder of parts, it grows
    // along each part). SnapshotFileSourceTest pins this with a split size far below the file size.
    //
    // The schema is the header as the independent tokenizer read it, all strings, plus the column Spark's
    // PERMISSIVE mode fills with the raw text of a record whose field count is off. The records the tokenizer
    // found broken are marked by position too, since Spark reads some broken quoting leniently into plausible
    // fields. A broken record over several lines is a quote that swallowed the rows after it: those cannot be
    // told from the broken row's own text, so the file fails rather than lose them.
    private static Dataset<Row> csv(SparkSession spark, String path, PhysicalRecords.Count count) {
        failOnSwallowedLines(path, count);
        Dataset<Row> rows = csvReader(spark, csvSchema(path, count.header())).csv(path);
        rows = count.parts().size() > 1
                ? numbered(spark, rows.withColumn(PART, col("_metadata.file_name"))
                        .withColumn("_in_part", monotonically_increasing_id()), count, col("_in_part"))
                        .drop("_in_part")
                : rows.withColumn(RawExtract.ROW_NUMBER, monotonically_increasing_id().plus(1));
        if (count.broken().isEmpty()) {
            return rows;
        }
        List<Row> broken = count.broken().stream()
                .map(b -> RowFactory.create(b.recordNumber(), b.rawText())).toList();
        Dataset<Row> texts = spark.createDataFrame(broken, new StructType()
                .add(RawExtract.ROW_NUMBER, DataTypes.LongType, false)
                .add(BROKEN_TEXT, DataTypes.StringType, true));
        return rows.join(broadcast(texts), rows.col(RawExtract.ROW_NUMBER).equalTo(texts.col(RawExtract.ROW_NUMBER)),
                        "left")
                .drop(texts.col(RawExtract.ROW_NUMBER))
                .withColumn(Bronze.MALFORMED_RECORD, coalesce(col(BROKEN_TEXT), col(Bronze.MALFORMED_RECORD)))
                .drop(BROKEN_TEXT);
    }

    private static StructType csvSchema(String path, List<String> header) {
        StructType schema = new StructType();
        for (String name : columnNames(path, header)) {
            schema = schema.add(name, DataTypes.StringType, true);
        }
        return schema.add(Bronze.MALFORMED_RECORD, DataTypes.StringType, true);
    }

    private static org.apache.spark.sql.DataFrameReader csvReader(SparkSession spark, StructType schema) {
        return spark.read()
                .option("header", "true")
                .option("multiLine", "true")
                .option("escape", "\"")
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", Bronze.MALFORMED_RECORD)
                .schema(schema);
    }

    private static void failOnSwallowedLines(String path, PhysicalRecords.Count count) {
        count.broken().stream().filter(PhysicalRecords.Broken::spansLines).findFirst().ifPresent(b -> {
            throw new IngestException("Snapshot file " + b.file() + " is broken at line " + b.firstLine() + ": "
                    + "a quoted value opened there runs on to line " + b.lastLine() + " (" + b.problem() + "), so "
                    + "the " + (b.lastLine() - b.firstLine()) + " line(s) after it cannot be read as rows. Fix the "
                    + "quoting "
                    + "on line " + b.firstLine() + " (a quote inside a quoted value is written twice: \"\") and "
                    + "export the file again; nothing of this run was written.");
        });
    }

    /** The header's names as Spark would give them (a blank one is _c<position>); two equal names fail. */
    private static List<String> columnNames(String path, List<String> header) {
        if (header.isEmpty()) {
            throw new IngestException("Snapshot file " + path + " is empty: it has no header line. Export the "
                    + "file again with its header; nothing of this run was written.");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).isBlank() ? "_c" + i : header.get(i);
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new IngestException("Snapshot file " + path + " has the column '" + name + "' twice in its "
                        + "header. Drop or rename one of them in the export; nothing of this run was written.");
            }
            names.add(name);
        }
        return names;
    }

    private static Dataset<Row> parquet(SparkSession spark, String path, PhysicalRecords.Count count) {
        Dataset<Row> df = spark.read().parquet(path);
        List<Column> cols = stringColumns(df.schema());
        if (count.parts().size() > 1) {
            cols.add(col("_metadata.file_name").as(PART));
            cols.add(col("_metadata.row_index").as("_row_index"));
            return numbered(spark, df.select(cols.toArray(Column[]::new)), count, col("_row_index"))
                    .drop("_row_index");
        }
        cols.add(col("_metadata.row_index").plus(1).as(RawExtract.ROW_NUMBER));
        return df.select(cols.toArray(Column[]::new));
    }

    // JSON lines are split by size, and the partitions of one file need not come in file order, so the
    // position is rebuilt from each split's start offset and the order of rows within the split.
    private static Dataset<Row> json(SparkSession spark, String path, PhysicalRecords.Count count) {
        Dataset<Row> read = spark.read().option("primitivesAsString", "true").json(path);
        // A line that does not parse keeps its text in Spark's corrupt-record column, which appears only then.
        Dataset<Row> df = List.of(read.columns()).contains(SPARK_CORRUPT_RECORD)
                ? read.withColumnRenamed(SPARK_CORRUPT_RECORD, Bronze.MALFORMED_RECORD) : read;
        List<Column> cols = stringColumns(df.schema());
        cols.add(col("_metadata.file_block_start").as("_block_start"));
        cols.add(monotonically_increasing_id().as("_in_block"));
        boolean parts = count.parts().size() > 1;
        if (parts) {
            cols.add(col("_metadata.file_name").as(PART));
        }
        Dataset<Row> positioned = df.select(cols.toArray(Column[]::new));
        return (parts ? numbered(spark, positioned, count, col("_block_start"), col("_in_block"))
                : positioned.withColumn(RawExtract.ROW_NUMBER, row_number().over(Window.partitionBy(lit(path))
                        .orderBy(col("_block_start"), col("_in_block"))).cast("long")))
                .drop("_block_start", "_in_block");
    }

    /**
     * The rows of a folder of part files, each with its part's name in {@code _part}, numbered as
     * {@link PhysicalRecords} numbers them: by their order within their part ({@code withinPart}), after the
     * records of the parts before it.
     */
    private static Dataset<Row> numbered(SparkSession spark, Dataset<Row> rows, PhysicalRecords.Count count,
                                         Column... withinPart) {
        List<Row> parts = count.parts().stream().map(p -> RowFactory.create(p.name(), p.recordsBefore())).toList();
        Dataset<Row> before = spark.createDataFrame(parts, new StructType()
                .add(PART, DataTypes.StringType, false)
                .add(RECORDS_BEFORE, DataTypes.LongType, false));
        return rows.join(broadcast(before), PART)
                .withColumn(RawExtract.ROW_NUMBER, col(RECORDS_BEFORE).plus(row_number().over(
                        Window.partitionBy(col(PART)).orderBy(withinPart))))
                .drop(PART, RECORDS_BEFORE);
    }

    private static List<Column> stringColumns(StructType schema) {
        List<Column> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            cols.add(asString(col(quote(f.name())), f.dataType()).as(f.name()));
        }
        return cols;
    }

    private static Column asString(Column c, DataType type) {
        if (type instanceof StringType) {
            return c;
        }
        if (type instanceof TimestampType) {
            return date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
        }
        if (type instanceof TimestampNTZType) {
            return date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
        }
        if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
            return to_json(c);
        }
        return c.cast("string");
    }

    /**
     * Renames columns to API names: through the mapping, else to the contract's spelling when only the case
     * differs; other columns keep their name, with characters Delta refuses replaced by underscores.
     */
    public static RawExtract renamed(Dataset<Row> loaded, CrmObject object, String path,
                                     Optional<ColumnMapping> mapping) {
        return renamed(loaded, object, path, mapping, lit(path), Set.of());
    }

    /** {@link #renamed} with the source file taken from {@code sourceFile}, and the columns {@code kept} as they are. */
    private static RawExtract renamed(Dataset<Row> loaded, CrmObject object, String path,
                                      Optional<ColumnMapping> mapping, Column sourceFile, Set<String> kept) {
        Map<String, String> contractByLower = new HashMap<>();
        ColumnMapping.knownColumns(object, List.of())
                .forEach(c -> contractByLower.put(c.toLowerCase(Locale.ROOT), c));
        List<Column> cols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, String> sourceByTarget = new HashMap<>();
        for (String source : loaded.columns()) {
            if (source.equals(RawExtract.ROW_NUMBER) || kept.contains(source)) {
                continue;
            }
            if (source.equals(Bronze.MALFORMED_RECORD)) {
                cols.add(col(source));
                continue;
            }
            String clean = source.replace(BYTE_ORDER_MARK, "").trim();
            String target = mapping.flatMap(m -> m.target(object, clean))
                    .orElseGet(() -> contractByLower.getOrDefault(clean.toLowerCase(Locale.ROOT),
                            clean.replaceAll(INVALID_NAME_CHARS, "_")));
            String other = sourceByTarget.putIfAbsent(target.toLowerCase(Locale.ROOT), source);
            if (other != null) {
                throw new IngestException("Snapshot " + path + " has columns '" + other + "' and '" + source
                        + "', which both become " + target + mapping.map(m -> " (through " + m.origin() + ")")
                        .orElse("") + ". Drop or rename one of them in the export.");
            }
            cols.add(col(quote(source)).as(target));
            names.add(target);
        }
        cols.add(sourceFile.as(RawExtract.SOURCE_FILE));
        cols.add(col(RawExtract.ROW_NUMBER));
        kept.stream().filter(k -> !k.equals(RawExtract.SOURCE_FILE)).sorted().forEach(k -> cols.add(col(k)));
        return new RawExtract(loaded.select(cols.toArray(Column[]::new)), path, List.copyOf(names));
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
