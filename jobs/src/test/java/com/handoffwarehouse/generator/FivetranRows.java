package com.handoffwarehouse.generator;

import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Fivetran-spelled rows read back into the API shape's names and values, written apart from the generator's spelling. */
final class FivetranRows {
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?");
    private static final DateTimeFormatter READ = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    private FivetranRows() {
    }

    static Instant instant(String fivetran) {
        return LocalDateTime.parse(fivetran, READ).toInstant(ZoneOffset.UTC);
    }

    /** The row without Fivetran's bookkeeping columns, with the API shape's column names and value spellings. */
    static Map<String, String> toApi(String object, Map<String, String> row) {
        Map<String, String> apiName = new LinkedHashMap<>();
        SampleColumns.BY_OBJECT.get(object).forEach(c -> apiName.put(FivetranSalesforce.columnName(c), c));
        Map<String, String> out = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (column.startsWith("_fivetran_") || column.equals(FivetranSalesforce.IS_DELETED)) {
                return;
            }
            if (!apiName.containsKey(column)) {
                throw new AssertionError(object + " has an unexpected column " + column);
            }
            out.put(apiName.get(column), apiValue(value));
        });
        return out;
    }

    private static String apiValue(String v) {
        if (v == null) {
            return null;
        }
        if (v.equals("TRUE") || v.equals("FALSE")) {
            return v.toLowerCase(java.util.Locale.ROOT);
        }
        if (TIMESTAMP.matcher(v).matches()) {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").format(instant(v).atOffset(ZoneOffset.UTC));
        }
        return v;
    }

    static List<Map<String, String>> toApi(String object, List<Map<String, String>> rows) {
        return rows.stream().map(r -> toApi(object, r)).toList();
    }

}
