package com.handoffwarehouse.quality;

import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The bronze gate (DESIGN section 6) for one {@code raw_<object>} snapshot: keys present and unique, the
 * contract's columns typed, a few plausibility warnings, and a row-count change check on the objects whose
 * extract shrinking would silently wipe history downstream (growth only warns).
 */
public final class BronzeSuite {
    public static final String SNAPSHOT_DATE = "snapshot_date";

    public static final String ROW_COUNT_CHANGE = "row count change";

    /** Leads and opportunities drive every mart; a truncated extract of either must not reach silver. */
    public static final Set<CrmObject> VOLUME_CHECKED = EnumSet.of(CrmObject.LEAD, CrmObject.OPPORTUNITY);

    /**
     * What a run knows beyond the table: the qualification fields its framework requires on Lead (strings), the
     * metrics repository, the row-count bounds from configuration, and the dates whose row-count change an
     * operator accepted.
     */
    public record Settings(List<String> qualificationFields, MetricsHistory history, RowCountBounds rowCountBounds,
                           Set<LocalDate> acceptedVolumeChanges) {
        public Settings {
            qualificationFields = List.copyOf(qualificationFields);
            acceptedVolumeChanges = Set.copyOf(acceptedVolumeChanges);
        }

        public Settings(List<String> qualificationFields, MetricsHistory history, RowCountBounds rowCountBounds) {
            this(qualificationFields, history, rowCountBounds, Set.of());
        }
    }

    private BronzeSuite() {
    }

    /** The suite for {@code object} on {@code snapshotDate}; see {@link #of(CrmObject, List, Dataset, Settings)}. */
    public static QualitySuite of(CrmObject object, LocalDate snapshotDate, Dataset<Row> bronze, Settings settings) {
        return of(object, List.of(snapshotDate), bronze, settings);
    }

    /**
     * The suite for {@code object} on each of {@code snapshotDates}, judged in one pass over them. {@code bronze} is
     * the bronze table (or the frame about to be written to it); each date's rows are judged on their own, so keys
     * are unique per snapshot.
     */
    public static QualitySuite of(CrmObject object, List<LocalDate> snapshotDates, Dataset<Row> bronze,
                                  Settings settings) {
        return QualitySuite.perDate(TableNames.raw(object), SNAPSHOT_DATE, snapshotDates, bronze,
                rules(object, settings));
    }

    static List<Rule> rules(CrmObject object, Settings settings) {
        String key = object.keyColumn();
        List<Rule> rules = new ArrayList<>();
        rules.add(Rules.complete("key complete", Level.ERROR, key));
        if (object.keyIsUnique()) {
            rules.add(Rules.uniqueWithin("key unique", Level.ERROR, key, SNAPSHOT_DATE));
        }
        rules.add(Rules.typedColumns("required columns typed", Level.ERROR, requiredTypes(object, settings)));
        if (object == CrmObject.LEAD) {
            rules.add(Rules.complete("Status complete", Level.WARNING, "Status"));
            rules.add(Rules.complete("OwnerId complete", Level.WARNING, "OwnerId"));
            rules.add(Rules.between("Intent_Score__c in [0,100]", Level.WARNING, "Intent_Score__c", 0, 100));
        }
        if (object == CrmObject.LEAD || object == CrmObject.ACCOUNT) {
            rules.add(Rules.nonNegative("NumberOfEmployees non-negative", Level.WARNING, "NumberOfEmployees"));
        }
        if (VOLUME_CHECKED.contains(object)) {
            rules.add(Rules.acceptedRowCountChange(ROW_COUNT_CHANGE, Level.ERROR, settings.history(),
                    settings.rowCountBounds(), settings.acceptedVolumeChanges()));
        }
        return rules;
    }

    private static Map<String, DataType> requiredTypes(CrmObject object, Settings settings) {
        Map<String, DataType> types = new LinkedHashMap<>();
        for (CrmColumn column : object.requiredColumns()) {
            types.put(column.name(), column.type().sparkType());
        }
        if (object == CrmObject.LEAD) {
            settings.qualificationFields().forEach(field -> types.put(field, DataTypes.StringType));
        }
        return types;
    }
}
