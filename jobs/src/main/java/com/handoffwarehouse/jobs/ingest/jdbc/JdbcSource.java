package com.handoffwarehouse.jobs.ingest.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;

import com.handoffwarehouse.jobs.ingest.IngestException;
import com.handoffwarehouse.jobs.ingest.RawExtract;
import com.handoffwarehouse.jobs.ingest.RawSource;
import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the CRM objects from the tables of a PostgreSQL CRM replica. The replica holds the current state, so
 * it is one snapshot, filed under the date the caller names ({@code warehouse ingest --jdbc URL --date D}).
 *
 * <p>Columns are matched to the contract's API names ignoring case and underscores, so a replica's
 * {@code createddate}, {@code CreatedDate} and {@code created_date} are all CreatedDate and
 * {@code sales_role_c} is Sales_Role__c; other columns are kept under their own name. Every value becomes
 * the string bronze validation parses back to the same value: timestamps as ISO-8601 UTC
 * ({@code 2026-09-01T14:30:00.000Z}, six fraction digits when the value has microseconds), a timestamp
 * without time zone read as UTC, dates {@code yyyy-MM-dd}, booleans {@code true}/{@code false}, numbers
 * without exponent, anything else as the database prints it; NULL stays null.
 *
 * <p>A replica that Fivetran's Salesforce connector keeps (or any with an {@code is_deleted} flag) has
 * soft-deleted rows and Fivetran's bookkeeping columns: flagged rows are left out, as records gone, and the
 * bookkeeping is not kept ({@code _fivetran_synced} changes on every sync and would version every record daily).
 *
 * <p>{@code _source_file} is {@code jdbc:<schema>.<table>}. A table has no row order, so {@code _row_number}
 * is the row's position when the table is sorted by the key column, then by every column in table order
 * (values compared as the extracted strings): the same table content always gives the same numbers, and of
 * two rows with one key (which a replica's primary key normally forbids) the smaller one is kept.
 *
 * <p>A table with more rows than {@link JdbcSettings#partitionThreshold()} is read in
 * {@link JdbcSettings#numPartitions()} parallel ranges of CreatedDate; Spark's first range also takes the
 * rows whose CreatedDate is NULL, so none is lost. A large table without a date or timestamp CreatedDate
 * (User) is read in one query.
 *
 * <p>The password goes to the driver as a connection property only. Messages, logs and {@link #describe()}
 * name the URL with any password removed. Spark itself prints the URL and the connection properties,
 * password included, at DEBUG level (logger
 * {@code org.apache.spark.sql.execution.datasources.jdbc.connection.BasicConnectionProvider}): keep that
 * logger at INFO or above wherever a real password is used.
 */
public final class JdbcSource implements RawSource {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSource.class);

    private static final String PARTITION_COLUMN = "CreatedDate";
    private static final String[] TABLE_TYPES = {"TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE",
            "PARTITIONED TABLE"};
    /** Characters Delta (without column mapping mode) refuses in column names. */
    private static final String INVALID_NAME_CHARS = "[ ,;{}()\\n\\t=]+";
    private static final DateTimeFormatter BOUND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    // Microseconds always, then the last three digits dropped when they are zeros: Salesforce times keep
    // the familiar millisecond form, and a replica's microseconds are not lost.
    private static final String MICROS_ISO = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS";
    private static final String ZERO_MICROS = "(\\.\\d{3})000(?=Z|[+-])";

    // Spark prints large and small doubles with an exponent (1.0E10); bronze wants plain digits. The
    // shortest decimal that reads back as the same double is Java's toString, made plain by BigDecimal.
    private static final UserDefinedFunction DOUBLE_TEXT = udf(
            (UDF1<Double, String>) d -> d == null ? null : plain(Double.toString(d)), DataTypes.StringType);
    private static final UserDefinedFunction FLOAT_TEXT = udf(
            (UDF1<Float, String>) f -> f == null ? null : plain(Float.toString(f)), DataTypes.StringType);

    /** How a database column is read and turned into the extract's string. */
    private enum Kind {
        /** Character types: read and kept as they are. */
        TEXT,
        /** timestamptz, and timestamp without time zone taken to be UTC: an instant, printed in UTC. */
        INSTANT,
        DATE,
        BOOLEAN,
        INTEGRAL,
        FLOAT,
        DOUBLE,
        /** numeric (whose text is exact and never has an exponent) and every other type: the driver's text. */
        DATABASE_TEXT
    }

    /** @param wallClock a timestamp without time zone, which the read turns into the instant it is in UTC */
    private record DbColumn(String name, Kind kind, boolean wallClock) {
    }

    private final JdbcSettings settings;
    private final LocalDate date;
    private final List<String> leadQualificationFields;
    private Map<String, String> tablesByName;

    /**
     * @param date                    the snapshot date the replica's current state is filed under
     * @param leadQualificationFields the configured framework's Lead fields, so that their columns get the API
     *                                spelling like the contract's own (WarehouseConfig.Checklist#requiredLeadFields)
     */
    public JdbcSource(JdbcSettings settings, LocalDate date, List<String> leadQualificationFields) {
        this.settings = settings;
        this.date = date;
        this.leadQualificationFields = List.copyOf(leadQualificationFields);
    }

    @Override
    public List<LocalDate> dates() {
        return List.of(date);
    }

    /**
     * The object's table, lazily: the table's columns and size are looked up here, the rows are read when the
     * extract is used.
     *
     * @throws IngestException when a required object's table is missing or the database cannot be queried
     */
    @Override
    public Optional<RawExtract> read(SparkSession spark, CrmObject object, LocalDate snapshotDate) {
        if (!snapshotDate.equals(date)) {
            return Optional.empty();
        }
        Optional<String> table = table(object);
        if (table.isEmpty()) {
            if (object.optional()) {
                return Optional.empty();
            }
            throw missingTables();
        }
        String qualified = quoteIdentifier(settings.schema()) + "." + quoteIdentifier(table.get());
        String label = settings.schema() + "." + table.get();
        try (Connection c = connect()) {
            List<DbColumn> columns = columns(c, qualified);
            Dataset<Row> loaded = load(spark, c, object, relation(qualified, columns), label, columns);
            return Optional.of(extract(loaded, object, label, columns));
        } catch (SQLException e) {
            throw failure("read table " + label + " for " + object.apiName(), e);
        }
    }

    /** The URL with any password removed. */
    @Override
    public String describe() {
        return settings.redactedUrl();
    }

    /**
     * What Spark reads: the table itself, or, when it has timestamps without time zone, a query that turns them
     * into the UTC instants they stand for. In the database, because the driver would read them in the JVM's
     * zone, and Spark cannot split a read on the TIMESTAMP_NTZ type that would keep them apart.
     */
    private static String relation(String qualified, List<DbColumn> columns) {
        if (columns.stream().noneMatch(DbColumn::wallClock)) {
            return qualified;
        }
        return "(SELECT " + columns.stream()
                .map(col -> col.wallClock()
                        ? "(" + quoteIdentifier(col.name()) + " AT TIME ZONE 'UTC') AS " + quoteIdentifier(col.name())
                        : quoteIdentifier(col.name()))
                .collect(Collectors.joining(", ")) + " FROM " + qualified + ") AS " + quoteIdentifier("utc");
    }

    private Dataset<Row> load(SparkSession spark, Connection c, CrmObject object, String relation, String label,
                              List<DbColumn> columns) throws SQLException {
        DataFrameReader reader = spark.read().option("fetchsize", settings.fetchSize());
        String customSchema = columns.stream()
                .filter(col -> col.kind() == Kind.DATABASE_TEXT)
                .map(col -> sparkQuote(col.name()) + " STRING")
                .collect(Collectors.joining(", "));
        if (!customSchema.isEmpty()) {
            reader = reader.option("customSchema", customSchema);
        }
        long rows = count(c, relation);
        if (rows > settings.partitionThreshold() && settings.numPartitions() > 1) {
            Optional<DbColumn> createdDate = columns.stream()
                    .filter(col -> normalize(col.name()).equals(normalize(PARTITION_COLUMN)))
                    .filter(col -> col.kind() == Kind.INSTANT || col.kind() == Kind.DATE)
                    .findFirst();
            if (createdDate.isPresent()) {
                Optional<String[]> bounds = bounds(spark, c, relation, createdDate.get());
                if (bounds.isPresent()) {
                    LOG.info("Reading {} for {}: {} rows in {} ranges of {} from {} to {}", label,
                            object.apiName(), rows, settings.numPartitions(), createdDate.get().name(),
                            bounds.get()[0], bounds.get()[1]);
                    reader = reader.option("partitionColumn", createdDate.get().name())
                            .option("lowerBound", bounds.get()[0])
                            .option("upperBound", bounds.get()[1])
                            .option("numPartitions", settings.numPartitions());
                }
            } else {
                LOG.warn("Reading {} for {} in one query: {} rows, but no date or timestamp column {} to split "
                        + "the read on", label, object.apiName(), rows, PARTITION_COLUMN);
            }
        }
        return reader.jdbc(settings.url(), relation, connectionProperties());
    }

    private RawExtract extract(Dataset<Row> loaded, CrmObject object, String label, List<DbColumn> columns) {
        Map<String, String> contractByName = new HashMap<>();
        Set<String> known = new LinkedHashSet<>();
        BronzeValidation.requiredColumns(object, leadQualificationFields).stream().map(CrmColumn::name)
                .forEach(known::add);
        if (object == CrmObject.LEAD) {
            known.addAll(CrmObject.QUALIFICATION_FIELDS);
        }
        known.forEach(k -> contractByName.put(normalize(k), k));

        String source = "jdbc:" + label;
        List<Column> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, String> dbColumnByTarget = new HashMap<>();
        for (DbColumn dbColumn : columns) {
            if (FivetranSalesforce.isBookkeeping(dbColumn.name())) {
                continue;
            }
            String target = contractByName.getOrDefault(normalize(dbColumn.name()),
                    dbColumn.name().replaceAll(INVALID_NAME_CHARS, "_"));
            String other = dbColumnByTarget.putIfAbsent(target.toLowerCase(Locale.ROOT), dbColumn.name());
            if (other != null) {
                throw new IngestException("Table " + label + " at " + describe() + " has columns '" + other
                        + "' and '" + dbColumn.name() + "', which both become " + target
                        + " (names match ignoring case and underscores). Drop or rename one of them, or read "
                        + "a view that selects one.");
            }
            values.add(text(col(sparkQuote(dbColumn.name())), dbColumn.kind()).as(target));
            names.add(target);
        }
        List<Column> order = new ArrayList<>();
        String key = object.keyColumn();
        if (names.contains(key)) {
            order.add(col(sparkQuote(key)));
        }
        names.forEach(n -> order.add(col(sparkQuote(n))));
        // A constant partition key: the numbering is over the whole table, and Spark does not warn about a
        // window without one.
        Dataset<Row> live = FivetranSalesforce.deletedFlag(loaded).map(flag -> loaded.filter(not(flag))).orElse(loaded);
        Dataset<Row> rows = live.select(values.toArray(Column[]::new))
                .withColumn(RawExtract.SOURCE_FILE, lit(source))
                .withColumn(RawExtract.ROW_NUMBER, row_number()
                        .over(Window.partitionBy(col(RawExtract.SOURCE_FILE)).orderBy(order.toArray(Column[]::new)))
                        .cast("long"));
        return new RawExtract(rows, source, List.copyOf(names));
    }

    private static Column text(Column value, Kind kind) {
        return switch (kind) {
            case TEXT, DATABASE_TEXT -> value;
            case INSTANT -> regexp_replace(date_format(value, MICROS_ISO + "XXX"), ZERO_MICROS, "$1");
            case DATE, BOOLEAN, INTEGRAL -> value.cast("string");
            case FLOAT -> FLOAT_TEXT.apply(value);
            case DOUBLE -> DOUBLE_TEXT.apply(value);
        };
    }

    private static String plain(String javaNumber) {
        try {
            return new BigDecimal(javaNumber).toPlainString();
        } catch (NumberFormatException notFinite) {
            return javaNumber;
        }
    }

    /** The table's columns in table order, as the driver describes the result of selecting all of them. */
    private static List<DbColumn> columns(Connection c, String qualified) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + qualified
                + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            List<DbColumn> out = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                int type = md.getColumnType(i);
                String typeName = md.getColumnTypeName(i);
                // PostgreSQL's driver reports timestamptz as TIMESTAMP too; only the type name tells them apart.
                boolean wallClock = type == Types.TIMESTAMP && !"timestamptz".equalsIgnoreCase(typeName);
                out.add(new DbColumn(md.getColumnName(i), kind(type, typeName), wallClock));
            }
            return out;
        }
    }

    private static Kind kind(int sqlType, String typeName) {
        return switch (sqlType) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Kind.INSTANT;
            case Types.DATE -> Kind.DATE;
            case Types.BOOLEAN -> Kind.BOOLEAN;
            case Types.BIT -> "bool".equalsIgnoreCase(typeName) ? Kind.BOOLEAN : Kind.DATABASE_TEXT;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGRAL;
            case Types.REAL -> Kind.FLOAT;
            case Types.FLOAT, Types.DOUBLE -> Kind.DOUBLE;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> Kind.TEXT;
            default -> Kind.DATABASE_TEXT;
        };
    }

    private static long count(Connection c, String relation) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + relation)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * CreatedDate's smallest and largest value as Spark parses partition bounds (in the session time zone), or
     * empty when every value is NULL. The bounds only set the width of the ranges: the first range is open
     * below, the last open above, so a row outside them is still read once.
     */
    private static Optional<String[]> bounds(SparkSession spark, Connection c, String relation, DbColumn column)
            throws SQLException {
        String name = quoteIdentifier(column.name());
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT min(" + name + "), max(" + name + ") FROM " + relation)) {
            rs.next();
            if (rs.getObject(1) == null) {
                return Optional.empty();
            }
            ZoneId sessionZone = ZoneId.of(spark.conf().get("spark.sql.session.timeZone"));
            String[] out = new String[2];
            for (int i = 0; i < 2; i++) {
                out[i] = switch (column.kind()) {
                    case INSTANT -> BOUND.format(rs.getObject(i + 1, OffsetDateTime.class)
                            .atZoneSameInstant(sessionZone).toLocalDateTime());
                    default -> rs.getObject(i + 1, LocalDate.class).toString();
                };
            }
            return Optional.of(out);
        }
    }

    /** The replica's name for the object's table, when the schema has one (names compared ignoring case). */
    private Optional<String> table(CrmObject object) {
        Map<String, String> tables = tables();
        String wanted = settings.tableName(object);
        return tables.containsValue(wanted) ? Optional.of(wanted)
                : Optional.ofNullable(tables.get(wanted.toLowerCase(Locale.ROOT)));
    }

    /** The schema's tables and views, by lower-cased name; listed once per source. */
    private synchronized Map<String, String> tables() {
        if (tablesByName == null) {
            try (Connection c = connect()) {
                DatabaseMetaData md = c.getMetaData();
                String escape = md.getSearchStringEscape();
                String schemaPattern = settings.schema().replace(escape, escape + escape)
                        .replace("_", escape + "_").replace("%", escape + "%");
                Map<String, String> found = new TreeMap<>();
                try (ResultSet rs = md.getTables(null, schemaPattern, "%", TABLE_TYPES)) {
                    while (rs.next()) {
                        String name = rs.getString("TABLE_NAME");
                        found.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
                    }
                }
                tablesByName = found;
            } catch (SQLException e) {
                throw failure("list the tables of schema " + settings.schema(), e);
            }
        }
        return tablesByName;
    }

    private IngestException missingTables() {
        List<String> missing = Arrays.stream(CrmObject.values())
                .filter(o -> !o.optional() && table(o).isEmpty())
                .map(o -> settings.schema() + "." + settings.tableName(o) + " (" + o.apiName() + ")")
                .toList();
        Map<String, String> tables = tables();
        return new IngestException("JDBC source " + describe() + " has no table " + String.join(", ", missing)
                + "; schema " + settings.schema() + " holds "
                + (tables.isEmpty() ? "no tables or views (is the schema right?)"
                : String.join(", ", tables.values()))
                + ". Create the table in the replica, or name the table or view that holds the object in the "
                + "JDBC settings (table names per object, schema); nothing was written.");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.url(), connectionProperties());
    }

    private Properties connectionProperties() {
        Properties p = new Properties();
        if (settings.user() != null) {
            p.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            p.setProperty("password", settings.password());
        }
        return p;
    }

    /**
     * The driver's message, with the password blanked should it ever echo one, named by what was being done
     * and the redacted URL. The driver's exception stays the cause unless its messages carry the password.
     */
    private IngestException failure(String doing, SQLException e) {
        String message = "Could not " + doing + " at " + describe() + ": " + scrub(String.valueOf(e.getMessage()))
                + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !scrub(t.getMessage()).equals(t.getMessage())) {
                return new IngestException(message);
            }
        }
        return new IngestException(message, e);
    }

    /** The text with the password, and a URL that carries one, replaced. */
    private String scrub(String text) {
        String out = settings.url().equals(describe()) ? text : text.replace(settings.url(), describe());
        return settings.password() == null || settings.password().isEmpty() ? out
                : out.replace(settings.password(), "****");
    }

    /** Lower case without underscores: CreatedDate, createddate and created_date meet, as do __c and _c. */
    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "");
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String sparkQuote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
