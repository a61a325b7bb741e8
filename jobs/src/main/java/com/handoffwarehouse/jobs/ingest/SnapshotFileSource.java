package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_json;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
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

    /** The {@code --shape} of exports that use the contract's own API names. */
    public static final String API_SHAPE = "api";

    private final SnapshotFolder folder;
    private final Optional<ColumnMapping> mapping;
    private final boolean fivetran;

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

    // The API's Lead.csv is told apart by its name alone, so API-named folders are detected without a read.
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
        if (!name.startsWith(FivetranSalesforce.tableName(CrmObject.LEAD) + ".")) {
            return API_SHAPE;
        }
        List<String> header = List.of(load(spark, lead.path(), lead.format()).columns());
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
        Dataset<Row> loaded = load(spark, file.path(), file.format());
        if (fivetran) {
            loaded = FivetranSalesforce.live(loaded, object, mapping.orElseThrow());
        }
        return Optional.of(renamed(loaded, object, file.path(), mapping));
    }

    /**
     * A file (or a folder of part files) of the given format, every column a string, plus {@code _row_number},
     * the row's 1-based position in the file.
     */
    public static Dataset<Row> load(SparkSession spark, String path, SnapshotFolder.Format format) {
        return switch (format) {
            case CSV, CSV_GZ -> csv(spark, path);
            case PARQUET -> parquet(spark, path);
            case JSON -> json(spark, path);
        };
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
    // monotonically_increasing_id is then exactly the 0-based row position. SnapshotFileSourceTest pins this
    // with a split size far below the file size.
    private static Dataset<Row> csv(SparkSession spark, String path) {
        return spark.read()
                .option("header", "true")
                .option("multiLine", "true")
                .option("escape", "\"")
                .option("inferSchema", "false")
                .csv(path)
                .withColumn(RawExtract.ROW_NUMBER, monotonically_increasing_id().plus(1));
    }

    private static Dataset<Row> parquet(SparkSession spark, String path) {
        Dataset<Row> df = spark.read().parquet(path);
        List<Column> cols = stringColumns(df.schema());
        cols.add(col("_metadata.row_index").plus(1).as(RawExtract.ROW_NUMBER));
        return df.select(cols.toArray(Column[]::new));
    }

    // JSON lines are split by size, and the partitions of one file need not come in file order, so the
    // position is rebuilt from each split's start offset and the order of rows within the split.
    private static Dataset<Row> json(SparkSession spark, String path) {
        Dataset<Row> df = spark.read().option("primitivesAsString", "true").json(path);
        List<Column> cols = stringColumns(df.schema());
        cols.add(col("_metadata.file_block_start").as("_block_start"));
        cols.add(monotonically_increasing_id().as("_in_block"));
        return df.select(cols.toArray(Column[]::new))
                .withColumn(RawExtract.ROW_NUMBER, row_number().over(Window.partitionBy(lit(path))
                        .orderBy(col("_block_start"), col("_in_block"))).cast("long"))
                .drop("_block_start", "_in_block");
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
        Map<String, String> contractByLower = new HashMap<>();
        ColumnMapping.knownColumns(object, List.of())
                .forEach(c -> contractByLower.put(c.toLowerCase(Locale.ROOT), c));
        List<Column> cols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, String> sourceByTarget = new HashMap<>();
        for (String source : loaded.columns()) {
            if (source.equals(RawExtract.ROW_NUMBER)) {
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
        cols.add(lit(path).as(RawExtract.SOURCE_FILE));
        cols.add(col(RawExtract.ROW_NUMBER));
        return new RawExtract(loaded.select(cols.toArray(Column[]::new)), path, List.copyOf(names));
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
