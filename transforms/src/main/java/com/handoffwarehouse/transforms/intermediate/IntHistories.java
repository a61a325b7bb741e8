package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.col;

import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.StgObject;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Builds {@code int_lead_history}, {@code int_account_history} and {@code int_user_history} from bronze. */
public final class IntHistories {
    private IntHistories() {
    }

    /**
     * @param rawLeadHistory {@code raw_lead_history} when the CRM exports it: its rows give the exact time
     *                       of owner, status and handoff field changes that snapshots only date to the day
     */
    public static Dataset<Row> leadHistory(Dataset<Row> rawLead, Optional<Dataset<Row>> rawLeadHistory) {
        Optional<Dataset<Row>> exact = rawLeadHistory.map(h -> h
                .select(col("LeadId").as("lead_id"), col("CreatedDate").as("changed_at"))
                .filter(col("lead_id").isNotNull().and(col("changed_at").isNotNull()))
                .distinct());
        return history(rawLead, CrmObject.LEAD, Optional.of("created_date"), exact);
    }

    public static Dataset<Row> accountHistory(Dataset<Row> rawAccount) {
        return history(rawAccount, CrmObject.ACCOUNT, Optional.of("created_date"), Optional.empty());
    }

    public static Dataset<Row> userHistory(Dataset<Row> rawUser) {
        return history(rawUser, CrmObject.USER, Optional.empty(), Optional.empty());
    }

    private static Dataset<Row> history(Dataset<Row> raw, CrmObject object, Optional<String> created,
                                        Optional<Dataset<Row>> exact) {
        String id = StgObject.idColumn(object);
        Dataset<Row> renamed = StgObject.renamed(raw, object);
        return SnapshotHistory.build(renamed, raw.select("snapshot_date").distinct(), id, id,
                StgObject.recordColumns(renamed, id), created, exact);
    }
}
