package com.handoffwarehouse.jobs.sample;

import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How Fivetran's Salesforce connector spells what the API shape writes: snake_case tables and columns,
 * timestamps as {@code yyyy-MM-dd HH:mm:ss} UTC (millis only when there are some), booleans TRUE/FALSE.
 * Values are recognised by their API spelling rather than by column, so a garbled defect value, which
 * matches neither, stays as it is.
 */
final class FivetranSpelling {
    private static final Pattern API_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    /** Computed once rather than per value: a default sample has tens of millions of values. */
    private static final Map<String, String> COLUMN_NAMES = columnNames();

    private FivetranSpelling() {
    }

    static String table(String object) {
        return FivetranSalesforce.tableName(CrmObject.fromApiName(object).orElseThrow());
    }

    /** The API shape's columns of {@code object}, in its order, as Fivetran names them. */
    static List<String> columns(String object) {
        return SampleColumns.BY_OBJECT.get(object).stream().map(FivetranSalesforce::columnName).toList();
    }

    /** An API-named row in Fivetran's spelling; keys already spelled as Fivetran's bookkeeping columns stay. */
    static Map<String, String> row(Map<String, String> api) {
        Map<String, String> out = new LinkedHashMap<>();
        api.forEach((k, v) -> out.put(FivetranSalesforce.isBookkeeping(k) ? k : columnName(k), value(v)));
        return out;
    }

    static String value(String v) {
        if (v == null) {
            return null;
        }
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true") ? "TRUE" : "FALSE";
        }
        if (v.length() == 24 && v.charAt(10) == 'T' && API_TIMESTAMP.matcher(v).matches()) {
            try {
                return timestamp(Fmt.parseTs(v));
            } catch (DateTimeParseException e) {
                return v;
            }
        }
        return v;
    }

    /** Fivetran's spelling of an instant, as in {@code _fivetran_synced}. */
    static String timestamp(Instant t) {
        return t.getNano() == 0 ? SECONDS.format(t) : MILLIS.format(t);
    }

    /** Always with millis, as History Mode writes {@code _fivetran_start} and {@code _fivetran_end}. */
    static String exactTimestamp(Instant t) {
        return MILLIS.format(t);
    }

    private static String columnName(String api) {
        String known = COLUMN_NAMES.get(api);
        return known != null ? known : FivetranSalesforce.columnName(api);
    }

    private static Map<String, String> columnNames() {
        Map<String, String> out = new HashMap<>();
        SampleColumns.BY_OBJECT.values().forEach(columns -> columns.forEach(
                c -> out.put(c, FivetranSalesforce.columnName(c))));
        return Map.copyOf(out);
    }
}
