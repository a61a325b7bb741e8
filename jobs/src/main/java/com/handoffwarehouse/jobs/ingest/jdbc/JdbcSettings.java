package com.handoffwarehouse.jobs.ingest.jdbc;

import com.handoffwarehouse.transforms.crm.CrmObject;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link JdbcSource} reads a CRM replica.
 *
 * @param url                the JDBC URL; may carry driver parameters, and should not carry the password
 *                           (when it does, {@link #redactedUrl()} still keeps it out of every message)
 * @param user               the database user, or null when the URL or the driver supplies it
 * @param password           the password, passed to the driver as a connection property only; resolved by the
 *                           caller (e.g. from the environment variable named by {@code --password-env}), and
 *                           masked by {@link #toString()}
 * @param schema             the schema holding the tables
 * @param tableNames         the table of each object, matched case-insensitively; objects not in the map use
 *                           {@link #defaultTableName(CrmObject)}
 * @param fetchSize          rows per round trip of a read
 * @param partitionThreshold tables with more rows than this are read in {@code numPartitions} ranges of CreatedDate
 * @param numPartitions      parallel reads of one large table
 */
public record JdbcSettings(String url, String user, String password, String schema,
                           Map<CrmObject, String> tableNames, int fetchSize, long partitionThreshold,
                           int numPartitions) {
    public static final String DEFAULT_SCHEMA = "public";
    public static final int DEFAULT_FETCH_SIZE = 10_000;
    public static final long DEFAULT_PARTITION_THRESHOLD = 200_000;
    public static final int DEFAULT_NUM_PARTITIONS = 4;

    // userinfo (//user:secret@host) and any parameter whose name mentions a password (password, sslpassword,
    // pwd), in either the ?a=b&c=d or the ;a=b;c=d style of URL.
    private static final Pattern URL_USERINFO_PASSWORD = Pattern.compile("(//[^/:@?;]*):[^/@?;]*@");
    private static final Pattern URL_PASSWORD_PARAM =
            Pattern.compile("(?i)([?&;])[^=?&;]*(?:password|pwd)[^=?&;]*=[^&;]*");

    public JdbcSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(schema, "schema");
        if (fetchSize < 1 || partitionThreshold < 1 || numPartitions < 1) {
            throw new IllegalArgumentException("fetchSize, partitionThreshold and numPartitions must be at least 1, got "
                    + fetchSize + ", " + partitionThreshold + ", " + numPartitions);
        }
        Map<CrmObject, String> names = new EnumMap<>(CrmObject.class);
        for (CrmObject o : CrmObject.values()) {
            names.put(o, tableNames == null ? defaultTableName(o) : tableNames.getOrDefault(o, defaultTableName(o)));
        }
        tableNames = Collections.unmodifiableMap(names);
    }

    /** The defaults: schema public, snake_case table names, 10 000 rows a fetch, 4 ranges above 200 000 rows. */
    public static JdbcSettings of(String url, String user, String password) {
        return new JdbcSettings(url, user, password, DEFAULT_SCHEMA, Map.of(), DEFAULT_FETCH_SIZE,
                DEFAULT_PARTITION_THRESHOLD, DEFAULT_NUM_PARTITIONS);
    }

    /** snake_case of the API name, as a replica created by a sync tool names it: lead, user, lead_history. */
    public static String defaultTableName(CrmObject object) {
        return object.tableSuffix();
    }

    public String tableName(CrmObject object) {
        return tableNames.get(object);
    }

    public JdbcSettings withSchema(String newSchema) {
        return new JdbcSettings(url, user, password, newSchema, tableNames, fetchSize, partitionThreshold,
                numPartitions);
    }

    public JdbcSettings withTableName(CrmObject object, String table) {
        Map<CrmObject, String> names = new EnumMap<>(tableNames);
        names.put(object, table);
        return new JdbcSettings(url, user, password, schema, names, fetchSize, partitionThreshold, numPartitions);
    }

    public JdbcSettings withFetchSize(int rows) {
        return new JdbcSettings(url, user, password, schema, tableNames, rows, partitionThreshold, numPartitions);
    }

    public JdbcSettings withPartitionThreshold(long rows) {
        return new JdbcSettings(url, user, password, schema, tableNames, fetchSize, rows, numPartitions);
    }

    public JdbcSettings withNumPartitions(int partitions) {
        return new JdbcSettings(url, user, password, schema, tableNames, fetchSize, partitionThreshold, partitions);
    }

    /** The URL without a password, fit for logs, messages and the run log. */
    public String redactedUrl() {
        return redact(url);
    }

    /** {@code url} without the password of a user:password@ part or of a password parameter. */
    public static String redact(String url) {
        String out = URL_USERINFO_PASSWORD.matcher(url).replaceAll("$1@");
        out = URL_PASSWORD_PARAM.matcher(out).replaceAll("$1");
        return out.replaceAll("\\?[&;]+", "?").replaceAll("([&;])[&;]+", "$1").replaceAll("[?&;]+$", "");
    }

    /** Never shows the password, nor a password the URL carries. */
    @Override
    public String toString() {
        return "JdbcSettings[url=" + redactedUrl() + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + ", schema=" + schema + ", tableNames=" + tableNames
                + ", fetchSize=" + fetchSize + ", partitionThreshold=" + partitionThreshold + ", numPartitions="
                + numPartitions + "]";
    }
}
