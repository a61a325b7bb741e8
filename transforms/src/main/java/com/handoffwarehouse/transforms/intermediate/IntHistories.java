package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.col;

import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.StgObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The SCD2 histories of the CRM's records ({@code int_lead_history}, {@code int_account_history},
 * {@code int_user_history}, {@code int_event_history}, {@code int_opportunity_history}): built from every
 * bronze snapshot, or advanced by one new snapshot (dbt's snapshot "check" strategy), with the same result.
 */
public enum IntHistories {
    LEAD(CrmObject.LEAD, true, TableNames.INT_LEAD_HISTORY),
    ACCOUNT(CrmObject.ACCOUNT, true, TableNames.INT_ACCOUNT_HISTORY),
    USER(CrmObject.USER, false, TableNames.INT_USER_HISTORY),
    EVENT(CrmObject.EVENT, true, TableNames.INT_EVENT_HISTORY),
    OPPORTUNITY(CrmObject.OPPORTUNITY, true, TableNames.INT_OPPORTUNITY_HISTORY);

    private final CrmObject object;
    private final boolean created;
    private final String table;

    IntHistories(CrmObject object, boolean created, String table) {
        this.object = object;
        this.created = created;
        this.table = table;
    }

    public CrmObject object() {
        return object;
    }

    public String table() {
        return table;
    }

    private SnapshotHistory.Spec spec() {
        return new SnapshotHistory.Spec(StgObject.idColumn(object),
                created ? Optional.of("created_date") : Optional.empty());
    }

    /**
     * Every version from every snapshot.
     *
     * @param fieldHistory {@code stg_lead_history} for leads (its rows give the exact time of owner, status and
     *                     handoff field changes that snapshots only date to the day), empty for the others
     */
    public Dataset<Row> build(Dataset<Row> bronze, Optional<Dataset<Row>> fieldHistory) {
        return SnapshotHistory.build(StgObject.renamed(bronze, object), bronze.select(Bronze.SNAPSHOT_DATE),
                spec(), fieldHistory.map(IntHistories::changeTimes));
    }

    /**
     * The versions to upsert by (id, version_no) when the snapshot of {@code newDate}, later than every snapshot
     * in {@code current}, is added; {@code bronze} holds at least the snapshots of both dates.
     */
    public Dataset<Row> advance(Dataset<Row> current, Dataset<Row> bronze, LocalDate previousDate, LocalDate newDate,
                                Optional<Dataset<Row>> fieldHistory) {
        Dataset<Row> renamed = StgObject.renamed(bronze, object);
        return SnapshotHistory.advance(current, onDate(renamed, newDate), onDate(renamed, previousDate),
                previousDate, newDate, spec(), fieldHistory.map(IntHistories::changeTimes));
    }

    private static Dataset<Row> onDate(Dataset<Row> renamed, LocalDate date) {
        return renamed.filter(col(Bronze.SNAPSHOT_DATE).equalTo(java.sql.Date.valueOf(date)));
    }

    private static Dataset<Row> changeTimes(Dataset<Row> stgLeadHistory) {
        return stgLeadHistory.select(col("lead_id"), col("created_date").as("changed_at"))
                .filter(col("lead_id").isNotNull().and(col("changed_at").isNotNull()))
                .distinct();
    }
}
