package com.handoffwarehouse.jobs.ingest.fivetran;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.handoffwarehouse.jobs.ingest.ColumnMapping;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import com.handoffwarehouse.transforms.staging.StagingNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Salesforce connector of Fivetran as a source shape: tables and columns in snake_case ({@code lead},
 * {@code opportunity_history}; {@code owner_id}, a custom {@code Foo_Bar__c} as {@code foo_bar_c}),
 * timestamps as {@code YYYY-MM-DD HH:MM:SS} UTC and booleans as TRUE/FALSE (both of which bronze
 * validation already parses), plus Fivetran's bookkeeping columns.
 *
 * <p>Records flagged deleted ({@code _fivetran_deleted}, or Salesforce's own {@code is_deleted}) are left out,
 * so the snapshot lacks them as a hard delete would and the histories close them with LEAD_DELETED. The
 * bookkeeping columns are dropped rather than kept as extra columns: the SCD2 histories version a record on
 * any change of its business columns, and {@code _fivetran_synced} changes on every sync, so keeping it would
 * make a new version of every record each day; {@code is_deleted} would also collide with the
 * {@code is_deleted} that staging derives from snapshot absence.
 */
public final class FivetranSalesforce {
    public static final String SHAPE = "fivetran-salesforce";
    public static final String SYNCED = "_fivetran_synced";
    public static final String DELETED = "_fivetran_deleted";
    public static final String IS_DELETED = "is_deleted";
    public static final String START = "_fivetran_start";
    public static final String END = "_fivetran_end";
    public static final String ACTIVE = "_fivetran_active";

    private static final String METADATA_PREFIX = "_fivetran_";
    private static final Set<String> DELETION_FLAGS = Set.of(DELETED, IS_DELETED, "isdeleted");
    private static final String CUSTOM_SUFFIX = "__c";
    private static final String FIVETRAN_CUSTOM_SUFFIX = "_c";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private FivetranSalesforce() {
    }

    /** How Fivetran names a Salesforce field: NumberOfEmployees is number_of_employees, Foo_Bar__c foo_bar_c. */
    public static String columnName(String apiName) {
        String snake = StagingNames.snake(apiName);
        return apiName.endsWith(CUSTOM_SUFFIX) ? snake + FIVETRAN_CUSTOM_SUFFIX : snake;
    }

    /** How Fivetran names an object's table, which is also its file's base name in a snapshot folder. */
    public static String tableName(CrmObject object) {
        return object.tableSuffix();
    }

    /**
     * The shape as a column mapping, derived from the contract rather than listed by hand, so that a field
     * added to the contract or a configured framework's qualification field is mapped too; being a mapping,
     * file lookup, renaming and the missing-column messages work as for a mapping file.
     */
    public static ColumnMapping mapping(List<String> leadQualificationFields) {
        ObjectNode root = YAML.createObjectNode();
        for (CrmObject object : CrmObject.values()) {
            ObjectNode body = root.putObject(object.apiName());
            body.put("file", tableName(object));
            ObjectNode columns = body.putObject("columns");
            contractColumns(object, leadQualificationFields).forEach(api -> columns.put(columnName(api), api));
        }
        try {
            return ColumnMapping.parse(YAML.writeValueAsString(root), SHAPE + " (built in)", leadQualificationFields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> contractColumns(CrmObject object, List<String> leadQualificationFields) {
        Set<String> out = new LinkedHashSet<>();
        BronzeValidation.requiredColumns(object, leadQualificationFields).stream().map(CrmColumn::name)
                .forEach(out::add);
        if (object == CrmObject.LEAD) {
            out.addAll(CrmObject.QUALIFICATION_FIELDS);
        }
        return out;
    }

    /**
     * Whether a header is Fivetran's: it carries {@code _fivetran_synced}, or, for an export that dropped the
     * bookkeeping columns, more of the object's contract columns in Fivetran's spelling than in the API's.
     */
    public static boolean isFivetranHeader(CrmObject object, Collection<String> header) {
        Set<String> lower = new LinkedHashSet<>();
        header.forEach(h -> lower.add(h.trim().toLowerCase(Locale.ROOT)));
        if (lower.contains(SYNCED)) {
            return true;
        }
        Set<String> exact = Set.copyOf(header);
        long api = 0;
        long fivetran = 0;
        for (String c : contractColumns(object, List.of())) {
            api += exact.contains(c) ? 1 : 0;
            fivetran += !columnName(c).equals(c.toLowerCase(Locale.ROOT)) && lower.contains(columnName(c)) ? 1 : 0;
        }
        return fivetran > api;
    }

    /**
     * The rows of a Fivetran table that are live records, without Fivetran's bookkeeping columns, and custom
     * fields the contract does not name renamed from {@code foo_c} to {@code foo__c} so that staging spells
     * them as it spells an API-named export's.
     */
    public static Dataset<Row> live(Dataset<Row> loaded, CrmObject object, ColumnMapping mapping) {
        Dataset<Row> kept = deletedFlag(loaded).map(flag -> loaded.filter(not(flag))).orElse(loaded);
        List<Column> cols = new ArrayList<>();
        for (String c : kept.columns()) {
            String lower = c.trim().toLowerCase(Locale.ROOT);
            if (isBookkeeping(c)) {
                continue;
            }
            boolean unmappedCustom = mapping.target(object, c).isEmpty() && lower.endsWith(FIVETRAN_CUSTOM_SUFFIX)
                    && !lower.endsWith(CUSTOM_SUFFIX);
            cols.add(col(quote(c)).as(unmappedCustom ? c.substring(0, c.length() - 2) + CUSTOM_SUFFIX : c));
        }
        return kept.select(cols.toArray(Column[]::new));
    }

    /**
     * Whether a column is Fivetran's bookkeeping or a deletion flag ({@code is_deleted}, or Salesforce's own
     * IsDeleted as a replica folds it), rather than a field of the record.
     */
    public static boolean isBookkeeping(String column) {
        String lower = column.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith(METADATA_PREFIX) || DELETION_FLAGS.contains(lower);
    }

    /** True on rows flagged deleted by any deletion flag; a blank flag is not a deletion. */
    public static Optional<Column> deletedFlag(Dataset<Row> loaded) {
        Column any = null;
        for (String c : loaded.columns()) {
            if (DELETION_FLAGS.contains(c.trim().toLowerCase(Locale.ROOT))) {
                Column flag = coalesce(lower(trim(col(quote(c)).cast("string"))).isin("true", "1"), lit(false));
                any = any == null ? flag : any.or(flag);
            }
        }
        return Optional.ofNullable(any);
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
