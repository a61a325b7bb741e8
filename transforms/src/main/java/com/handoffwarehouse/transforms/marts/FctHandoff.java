package com.handoffwarehouse.transforms.marts;

import com.handoffwarehouse.transforms.intermediate.SnapshotHistory;
import com.handoffwarehouse.transforms.time.BusinessCalendar;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code fct_handoff}, one row per handoff (DESIGN section 4): {@code int_handoff} with its SLA clocks at
 * the as-of time, run in the zone and calendar of the AE who holds it, as that user's latest record shows them.
 */
public final class FctHandoff {
    private FctHandoff() {
    }

    public static Dataset<Row> build(Dataset<Row> intHandoff, Dataset<Row> userHistory, BusinessCalendar calendar,
                                     HandoffSla.Spec sla, Timestamp asOf) {
        return HandoffSla.apply(intHandoff, SnapshotHistory.latestVersions(userHistory, "user_id"), calendar, sla,
                asOf);
    }
}
