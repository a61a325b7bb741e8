package com.handoffwarehouse.transforms.staging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.crm.ColumnType;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Splits one object's extracted rows into the typed rows bronze keeps and the rows quarantine keeps with
 * the rule they broke (DESIGN section 2: bad rows are kept with a reason, never dropped silently).
 *
 * <p>A row the reader marked malformed ({@link Bronze#MALFORMED_RECORD} set: broken field count or quoting, a JSON
 * line that does not parse) is quarantined first, as {@code malformed_record} with the record's raw text, since
 * its fields cannot be trusted to be in their columns.
 *
 * <p>Input: every column a string named by its API name, plus {@code _source_file}, {@code _row_number}
 * and {@code snapshot_date}. A row is quarantined for the first rule it breaks, in this order:
 * {@code null_key} (blank key), the parse rule of each typed contract column in contract order
 * ({@link ColumnType#parseRule()}: a non-blank value that does not parse; blank is null and fine), then
 * {@code duplicate_key} among the rows that passed the earlier rules (records only: the first row by
 * {@code _source_file}, {@code _row_number} of each key and snapshot date is kept).
 *
 * <p>Timestamps accept what Spark's cast accepts: ISO-8601 with {@code Z} or an offset, with or without
 * fractions, and {@code yyyy-MM-dd HH:mm:ss}; a value without a zone is read in the session zone, which
 * must therefore be UTC. Booleans accept true/false/1/0 in any case. A blank value is null in every
 * bronze column, extra ones included: formats disagree on blank versus null (CSV reads a quoted empty
 * field as null, Parquet keeps it), and bronze must not depend on the format.
 */
public final class BronzeValidation {
    public static final String RULE = "rule";
    public static final String COLUMN = "column";
    public static final String RAW_RECORD = "raw_record";
    public static final String NULL_KEY = "null_key";
    public static final String DUPLICATE_KEY = "duplicate_key";
    public static final String MALFORMED = "malformed_record";
    private static final String MALFORMED_TEXT = Bronze.MALFORMED_RECORD;

    /** Added by {@link #check}; null on rows that pass every rule. */
    public static final String CHECK_RULE = "_quarantine_rule";
    public static final String CHECK_COLUMN = "_quarantine_column";

    private static final String SNAPSHOT_DATE = Bronze.SNAPSHOT_DATE;
    private static final String SOURCE_FILE = Bronze.SOURCE_FILE;
    private static final String ROW_NUMBER = Bronze.ROW_NUMBER;
    /** What the extract carries beside its columns; {@link Bronze#INGESTED_AT} is stamped when it is written. */
    private static final List<String> METADATA = List.of(SNAPSHOT_DATE, SOURCE_FILE, ROW_NUMBER);
    private static final List<String> VERSION_METADATA = Bronze.VERSION_METADATA;
    private static final Set<String> BOOLEAN_TRUE = Set.of("true", "1");
    private static final Set<String> BOOLEAN_FALSE = Set.of("false", "0");

    /** The rows bronze keeps, typed, and the rows quarantine keeps, with their reason and raw content. */
    public record Result(Dataset<Row> valid, Dataset<Row> quarantined) {
    }

    private BronzeValidation() {
    }

    /**
     * The object's contract columns, for Lead followed by the configured framework's qualification fields
     * (strings), without repeats.
     */
    public static List<CrmColumn> requiredColumns(CrmObject object, List<String> leadQualificationFields) {
        List<CrmColumn> out = new ArrayList<>(object.requiredColumns());
        if (object == CrmObject.LEAD) {
            Set<String> known = out.stream().map(CrmColumn::name).collect(Collectors.toSet());
            new LinkedHashSet<>(leadQualificationFields).stream()
                    .filter(f -> !known.contains(f))
                    .forEach(f -> out.add(CrmColumn.string(f)));
        }
        return out;
    }

    /** {@link #check} then {@link #split}, for callers that use the result once. */
    public static Result validate(Dataset<Row> raw, CrmObject object, List<String> leadQualificationFields) {
        return split(check(raw, object, leadQualificationFields), object, leadQualificationFields);
    }

    /**
     * The raw rows with {@link #CHECK_RULE} and {@link #CHECK_COLUMN} added. Kept apart from {@link #split} so
     * a caller can persist this frame and derive counts, valid and quarantined rows from one evaluation.
     */
    public static Dataset<Row> check(Dataset<Row> raw, CrmObject object, List<String> leadQualificationFields) {
        requireUtc(raw);
        List<CrmColumn> contract = requiredColumns(object, leadQualificationFields);
        requireColumns(raw, contract);

        Column key = col(quote(object.keyColumn()));
        boolean marked = Arrays.asList(raw.columns()).contains(MALFORMED_TEXT);
        Column firstBroken = marked
                ? when(col(MALFORMED_TEXT).isNotNull(), broken(MALFORMED, null))
                        .when(blank(key), broken(NULL_KEY, object.keyColumn()))
                : when(blank(key), broken(NULL_KEY, object.keyColumn()));
        for (CrmColumn c : contract) {
            if (c.type().parseRule() != null) {
                Column rawValue = col(quote(c.name()));
                firstBroken = firstBroken.when(not(blank(rawValue)).and(parsed(c).isNull()),
                        broken(c.type().parseRule(), c.name()));
            }
        }
        Dataset<Row> checked = raw.withColumn("_broken", firstBroken);
        if (object.keyIsUnique()) {
            Column occurrence = row_number().over(Window
                    .partitionBy(col(SNAPSHOT_DATE), key, col("_broken").isNull())
                    .orderBy(col(SOURCE_FILE), col(ROW_NUMBER)));
            checked = checked.withColumn("_broken", when(col("_broken").isNull().and(occurrence.gt(1)),
                    broken(DUPLICATE_KEY, object.keyColumn())).otherwise(col("_broken")));
        }
        return checked
                .withColumn(CHECK_RULE, col("_broken.rule"))
                .withColumn(CHECK_COLUMN, col("_broken.column"))
                .drop("_broken");
    }

    /**
     * Valid rows: contract columns typed in contract order, extra columns as strings sorted by name, then
     * snapshot_date, _source_file, _row_number and, when the input has them, _version_start and _deleted_at.
     * Quarantined rows: snapshot_date, _source_file, _row_number,
     * rule, column and the whole raw row as JSON (nulls included).
     */
    public static Result split(Dataset<Row> checked, CrmObject object, List<String> leadQualificationFields) {
        List<CrmColumn> contract = requiredColumns(object, leadQualificationFields);
        List<String> extras = extraColumns(checked, contract);

        List<Column> typed = new ArrayList<>();
        List<Column> rawFields = new ArrayList<>();
        for (CrmColumn c : contract) {
            typed.add(parsed(c).as(c.name()));
            rawFields.add(col(quote(c.name())));
        }
        for (String e : extras) {
            typed.add(parsed(CrmColumn.string(e)).as(e));
            rawFields.add(col(quote(e)));
        }
        METADATA.forEach(m -> typed.add(col(m)));
        Set<String> present = Set.of(checked.columns());
        VERSION_METADATA.stream().filter(present::contains)
                .forEach(m -> typed.add(tryCast(m, "TIMESTAMP").as(m)));

        Dataset<Row> valid = checked.filter(col(CHECK_RULE).isNull()).select(typed.toArray(Column[]::new));
        Column asJson = to_json(struct(rawFields.toArray(Column[]::new)), Map.of("ignoreNullFields", "false"));
        Dataset<Row> quarantined = checked.filter(col(CHECK_RULE).isNotNull()).select(
                col(SNAPSHOT_DATE), col(SOURCE_FILE), col(ROW_NUMBER),
                col(CHECK_RULE).as(RULE), col(CHECK_COLUMN).as(COLUMN),
                (present.contains(MALFORMED_TEXT) ? when(col(CHECK_RULE).equalTo(MALFORMED), col(MALFORMED_TEXT))
                        .otherwise(asJson) : asJson).as(RAW_RECORD));
        return new Result(valid, quarantined);
    }

    /** A contract column's typed value; null when blank or unparseable. */
    private static Column parsed(CrmColumn c) {
        Column raw = col(quote(c.name()));
        return switch (c.type()) {
            case STRING -> when(not(blank(raw)), raw);
            case BOOLEAN -> when(lower(trim(raw)).isin(BOOLEAN_TRUE.toArray()), lit(true))
                    .when(lower(trim(raw)).isin(BOOLEAN_FALSE.toArray()), lit(false));
            // Spark's own string-to-int cast truncates "12.5"; only whole numbers (also "250.0", "1e3") pass.
            case INTEGER -> {
                Column number = tryCast(c.name(), "DECIMAL(38,9)");
                yield when(number.equalTo(floor(number))
                        .and(number.between(Integer.MIN_VALUE, Integer.MAX_VALUE)), number.cast("int"));
            }
            default -> tryCast(c.name(), c.type().sparkType().sql());
        };
    }

    // try_cast and not cast: with spark.sql.ansi.enabled a bad value would fail the job instead of
    // being quarantined. Column has no try_cast before Spark 4, hence the SQL text.
    private static Column tryCast(String column, String sqlType) {
        return expr("try_cast(" + quote(column) + " AS " + sqlType + ")");
    }

    private static Column blank(Column raw) {
        return raw.isNull().or(raw.rlike("^\\s*$"));
    }

    private static Column broken(String rule, String column) {
        return struct(lit(rule).as("rule"), lit(column).cast("string").as("column"));
    }

    private static List<String> extraColumns(Dataset<Row> frame, List<CrmColumn> contract) {
        Set<String> known = contract.stream().map(CrmColumn::name).collect(Collectors.toSet());
        known.addAll(METADATA);
        known.addAll(VERSION_METADATA);
        known.add(CHECK_RULE);
        known.add(CHECK_COLUMN);
        known.add(MALFORMED_TEXT);
        return Arrays.stream(frame.columns()).filter(c -> !known.contains(c)).sorted().toList();
    }

    private static void requireColumns(Dataset<Row> raw, List<CrmColumn> contract) {
        Set<String> present = Set.of(raw.columns());
        List<String> missing = new ArrayList<>();
        contract.stream().map(CrmColumn::name).filter(c -> !present.contains(c)).forEach(missing::add);
        METADATA.stream().filter(c -> !present.contains(c)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Rows to validate lack columns " + missing
                    + "; the ingest checks required columns before validating.");
        }
    }

    private static void requireUtc(Dataset<Row> raw) {
        String zone = raw.sparkSession().conf().get("spark.sql.session.timeZone");
        if (!ZoneId.of(zone).normalized().equals(ZoneOffset.UTC)) {
            throw new IllegalStateException("Timestamps without a zone are read as UTC, which needs "
                    + "spark.sql.session.timeZone=UTC; this session has " + zone + ".");
        }
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
