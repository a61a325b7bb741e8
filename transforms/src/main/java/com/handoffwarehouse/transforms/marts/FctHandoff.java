package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.handoffwarehouse.transforms.intermediate.SnapshotHistory;
import com.handoffwarehouse.transforms.time.BusinessCalendar;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code fct_handoff}, one row per handoff (DESIGN section 4): {@code int_handoff} with its SLA clocks at
 * the as-of time, run in the zone and calendar of the AE who holds it, as that user's latest record shows them.
 */
public final class FctHandoff {
    private static final String PREVIOUS = "_p_";
    private static final List<String> KEY = List.of("lead_id", "handoff_seq");

    private FctHandoff() {
    }

    public static Dataset<Row> build(Dataset<Row> intHandoff, Dataset<Row> userHistory, BusinessCalendar calendar,
                                     HandoffSla.Spec sla, Timestamp asOf) {
        return HandoffSla.apply(intHandoff, latestUsers(userHistory), calendar, sla, asOf);
    }

    /**
     * fct_handoff at a later as-of time, from the table as it stands: only the handoffs whose inputs changed (the
     * handoff itself, its AE's zone, region or manager, the SLA hours), the new ones, and those with an SLA still
     * undecided get their clocks again; a decided SLA on unchanged inputs stays decided the same way, so the
     * result equals {@link #build} with the same calendar. Handoffs gone from int_handoff are dropped.
     */
    public static Dataset<Row> advance(Dataset<Row> current, Dataset<Row> intHandoff, Dataset<Row> userHistory,
                                       BusinessCalendar calendar, HandoffSla.Spec sla, Timestamp asOf) {
        Dataset<Row> inputs = HandoffSla.withAe(intHandoff, latestUsers(userHistory), sla);
        String[] inputColumns = inputs.columns();
        // The previous rows are carried under a prefix: joining the table back to a frame derived from it would be
        // a self-join, which Spark resolves ambiguously.
        List<Column> previous = new ArrayList<>();
        Arrays.stream(current.columns()).forEach(c -> previous.add(col(c).as(PREVIOUS + c)));
        previous.add(hash(inputColumns, "").as(PREVIOUS + "inputs"));
        Column joinedOnKey = null;
        for (String k : KEY) {
            Column same = col(k).equalTo(col(PREVIOUS + k));
            joinedOnKey = joinedOnKey == null ? same : joinedOnKey.and(same);
        }
        Dataset<Row> joined = inputs.withColumn("_inputs", hash(inputColumns, ""))
                .join(current.select(previous.toArray(Column[]::new)), joinedOnKey, "left");
        Column unchanged = col(PREVIOUS + "inputs").equalTo(col("_inputs"))
                .and(col(PREVIOUS + "sla_accept_met").isNotNull())
                .and(col(PREVIOUS + "sla_contact_met").isNotNull());
        Dataset<Row> kept = joined.filter(unchanged).select(Arrays.stream(current.columns())
                .map(c -> col(PREVIOUS + c).as(c)).toArray(Column[]::new));
        Dataset<Row> changed = joined.filter(not(unchanged).or(unchanged.isNull()))
                .select(Arrays.stream(inputColumns).map(c -> col(c)).toArray(Column[]::new));
        return HandoffSla.clock(changed, calendar, asOf).unionByName(kept);
    }

    private static Column hash(String[] columns, String prefix) {
        return sha2(to_json(struct(Arrays.stream(columns).map(c -> col(prefix + c).as(c)).toArray(Column[]::new))),
                256);
    }

    private static Dataset<Row> latestUsers(Dataset<Row> userHistory) {
        return SnapshotHistory.latestVersions(userHistory, "user_id");
    }
}
