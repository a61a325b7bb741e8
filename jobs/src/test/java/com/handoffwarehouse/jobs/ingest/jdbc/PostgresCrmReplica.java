package com.handoffwarehouse.jobs.ingest.jdbc;

import com.handoffwarehouse.transforms.crm.ColumnType;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * A PostgreSQL CRM replica for tests: a real PostgreSQL (zonky's embedded binaries, one server per test JVM)
 * into which a snapshot folder of API-named CSVs is loaded as a sync tool would lay it out: one table per
 * object named {@link JdbcSettings#defaultTableName}, lower-case column names, contract columns typed
 * (timestamptz, date, boolean, integer, double precision, numeric(18,2)), everything else text.
 *
 * <p>The generator plants defects in the CSVs, among them unparseable CreatedDate values ("yesterday").
 * A typed column cannot hold those, and PostgreSQL would even read "yesterday" as a real time. Rather than
 * load a cleaned copy (whose rows would no longer match the CSV ingest's), a column is typed only when every
 * value in the file is one PostgreSQL and Spark read as the same value, and is text otherwise: every row
 * reaches the JDBC ingest, the defective strings unchanged, and both ingests quarantine the same rows for
 * the same rules. The other columns stay typed, so the conversions the JDBC source does are still exercised;
 * {@link LoadedTable#columnTypes()} tells which way each column went.
 */
public final class PostgresCrmReplica implements AutoCloseable {
    public static final String USER = "postgres";

    // What PostgreSQL and Spark both read, and read alike; padding and exotic spellings make a column text.
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,10}");
    private static final Pattern DOUBLE = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");
    private static final Pattern DECIMAL_18_2 = Pattern.compile("[+-]?\\d{1,16}(\\.\\d{0,2})?");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false|1|0");
    // Six fraction digits at most (PostgreSQL keeps microseconds and rounds the rest, Spark truncates) and
    // offsets with minutes, which java.time's ISO parser insists on.
    private static final Pattern TIMESTAMP_SHAPE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:\\d{2})?");

    private static PostgresCrmReplica shared;

    private final EmbeddedPostgres postgres;

    /** One object's table as loaded. */
    public record LoadedTable(CrmObject object, String table, long rows, Map<String, String> columnTypes) {
    }

    private PostgresCrmReplica(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** The JVM's server, started on first use (about 4 s) and stopped when the JVM exits. */
    public static synchronized PostgresCrmReplica shared() {
        if (shared == null) {
            try {
                shared = new PostgresCrmReplica(EmbeddedPostgres.builder().start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PostgresCrmReplica server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return shared;
    }

    /** The URL of the postgres database, with no credentials in it. */
    public String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** Drops and recreates {@code schema}, so each test class starts from an empty one. */
    public void resetSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE", "CREATE SCHEMA " + quote(schema));
    }

    public void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Loads every {@code <Object>.csv} of one snapshot date folder into {@code schema} (which is reset first).
     *
     * @param leadQualificationFields Lead fields typed like the contract's strings (they are text anyway)
     */
    public Map<CrmObject, LoadedTable> loadSnapshot(Path dateFolder, String schema,
                                                    List<String> leadQualificationFields) {
        resetSchema(schema);
        Map<CrmObject, LoadedTable> out = new EnumMap<>(CrmObject.class);
        try (Stream<Path> files = Files.list(dateFolder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    continue;
                }
                Optional<CrmObject> object = CrmObject.fromApiName(name.substring(0, name.length() - 4));
                if (object.isPresent()) {
                    out.put(object.get(), load(file, schema, object.get(), leadQualificationFields));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private LoadedTable load(Path csv, String schema, CrmObject object, List<String> leadQualificationFields)
            throws IOException {
        Map<String, ColumnType> contract = new LinkedHashMap<>();
        BronzeValidation.requiredColumns(object, leadQualificationFields)
                .forEach(c -> contract.put(c.name().toLowerCase(Locale.ROOT), c.type()));

        CsvParserSettings parserSettings = new CsvParserSettings();
        parserSettings.setHeaderExtractionEnabled(true);
        parserSettings.setMaxCharsPerColumn(-1);
        parserSettings.setMaxColumns(2048);
        CsvParser parser = new CsvParser(parserSettings);
        List<String[]> rows = parser.parseAll(csv.toFile(), StandardCharsets.UTF_8);
        String[] header = parser.getRecordMetadata().headers();

        Map<String, String> columnTypes = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            String column = header[i].replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
            ColumnType type = contract.getOrDefault(column, ColumnType.STRING);
            int index = i;
            boolean fits = rows.stream().map(r -> index < r.length ? r[index] : null)
                    .allMatch(v -> v == null || v.isEmpty() || fits(v, type));
            columnTypes.put(column, fits ? sqlType(type) : "text");
        }
        String table = JdbcSettings.defaultTableName(object);
        String qualified = quote(schema) + "." + quote(table);
        String columns = columnTypes.keySet().stream().map(PostgresCrmReplica::quote)
                .collect(Collectors.joining(", "));
        List<String> typed = columnTypes.entrySet().stream().filter(e -> !e.getValue().equals("text"))
                .map(e -> quote(e.getKey())).toList();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // Zone-less timestamps in the CSV are UTC, as bronze validation reads them.
            s.execute("SET TIME ZONE 'UTC'");
            s.execute("CREATE TABLE " + qualified + " (" + columnTypes.entrySet().stream()
                    .map(e -> quote(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", ")) + ")");
            // FORCE_NULL: a quoted empty field is NULL, not an empty string a typed column would refuse.
            String copy = "COPY " + qualified + " (" + columns + ") FROM STDIN WITH (FORMAT csv, HEADER true"
                    + (typed.isEmpty() ? "" : ", FORCE_NULL (" + String.join(", ", typed) + ")") + ")";
            long loaded;
            try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                loaded = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, in);
            }
            return new LoadedTable(object, table, loaded, columnTypes);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading " + csv + " into " + qualified + ": " + e.getMessage(), e);
        }
    }

    private static boolean fits(String value, ColumnType type) {
        return switch (type) {
            case STRING -> true;
            case BOOLEAN -> BOOLEAN.matcher(value).matches();
            case INTEGER -> INTEGER.matcher(value).matches() && fitsInt(value);
            case DOUBLE -> DOUBLE.matcher(value).matches();
            case DECIMAL -> DECIMAL_18_2.matcher(value).matches();
            case DATE -> parses(() -> LocalDate.parse(value));
            case TIMESTAMP -> TIMESTAMP_SHAPE.matcher(value).matches()
                    && (parses(() -> OffsetDateTime.parse(value.replace(' ', 'T')))
                    || parses(() -> LocalDateTime.parse(value.replace(' ', 'T'))));
        };
    }

    private static boolean fitsInt(String value) {
        try {
            Integer.parseInt(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String sqlType(ColumnType type) {
        return switch (type) {
            case STRING -> "text";
            case TIMESTAMP -> "timestamptz";
            case DATE -> "date";
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case DOUBLE -> "double precision";
            case DECIMAL -> "numeric(18,2)";
        };
    }

    /** Quoted, so that user (a reserved word) and any other name work; names are lower case already. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public synchronized void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
