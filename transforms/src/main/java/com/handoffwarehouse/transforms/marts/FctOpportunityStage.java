package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.Columns;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.intermediate.SnapshotHistory;
import com.handoffwarehouse.transforms.staging.StgObject;
import java.sql.Timestamp;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds {@code fct_opportunity_stage}: one row per stage interval of each opportunity. OpportunityHistory
 * gives exact stage-change times when the CRM exports it; otherwise a change is dated at the first snapshot
 * that shows it, or exactly by OpportunityFieldHistory or the version times of a History Mode source. An open stage with no change for the configured days at the as-of time is stalled.
 */
public final class FctOpportunityStage {
    public static final String WON = "Closed Won";
    public static final String LOST = "Closed Lost";

    private FctOpportunityStage() {
    }

    /**
     * @param rawOpportunityFieldHistory {@code raw_opportunity_field_history}: its StageName rows date a stage
     *                                   change seen between two snapshots exactly, when OpportunityHistory is absent
     */
    public static Dataset<Row> build(Dataset<Row> rawOpportunity, Optional<Dataset<Row>> rawOpportunityHistory,
                                     Optional<Dataset<Row>> rawOpportunityFieldHistory, Timestamp asOf,
                                     int stalledDays) {
        Dataset<Row> opps = StgObject.renamed(rawOpportunity, CrmObject.OPPORTUNITY);
        Dataset<Row> latest = StgObject.latest(rawOpportunity, CrmObject.OPPORTUNITY)
                .select(col("opportunity_id"), col("owner_id"), col("created_date").as("opportunity_created_at"));

        WindowSpec bySnapshot = Window.partitionBy("opportunity_id").orderBy("snapshot_date");
        Column seen = SnapshotHistory.snapshotTime(col("snapshot_date"));
        Column previousSeen = SnapshotHistory.snapshotTime(lag("snapshot_date", 1).over(bySnapshot));
        Dataset<Row> stageChanges = opps
                .withColumn("prev_stage", lag("stage_name", 1).over(bySnapshot))
                .withColumn("first_seen", row_number().over(bySnapshot).equalTo(1))
                .withColumn("seen_at", seen)
                .withColumn("changed_after", previousSeen)
                .withColumn("version_at", SnapshotHistory.versionStartWithin(opps, previousSeen, seen))
                .filter(col("first_seen").or(col("prev_stage").notEqual(col("stage_name"))));
        Dataset<Row> withFieldTimes = rawOpportunityFieldHistory
                .map(h -> stageFieldTimes(stageChanges, h))
                .orElseGet(() -> stageChanges.withColumn("field_at", lit(null).cast("timestamp")));
        // The field's own change time beats the version's start, which a later edit of another field that day moves.
        Column exactAt = coalesce(col("field_at"), col("version_at"));
        Dataset<Row> diffs = withFieldTimes.select(col("opportunity_id"), col("stage_name").as("stage"),
                when(col("first_seen"), least(col("created_date"), col("seen_at")))
                        .otherwise(coalesce(exactAt, col("seen_at"))).as("entered_at"),
                when(col("first_seen"), lit("field")).when(exactAt.isNotNull(), lit("history"))
                        .otherwise(lit("diff")).as("source"));

        Dataset<Row> changes = diffs;
        if (rawOpportunityHistory.isPresent()) {
            Dataset<Row> exact = rawOpportunityHistory.get()
                    .select(col("OpportunityId").as("opportunity_id"), col("StageName").as("stage"),
                            col("CreatedDate").as("entered_at"))
                    .filter(col("opportunity_id").isNotNull().and(col("entered_at").isNotNull()))
                    .distinct()
                    .withColumn("source", lit("history"));
            Dataset<Row> withoutHistory = diffs.join(exact.select("opportunity_id").distinct(),
                    Columns.using("opportunity_id"), "left_anti");
            changes = exact.unionByName(withoutHistory);
        }

        WindowSpec byTime = Window.partitionBy("opportunity_id").orderBy("entered_at", "stage");
        Column asOfTs = lit(asOf);
        Column closed = col("stage").isin(WON, LOST);
        Column end = when(col("exited_at").isNotNull(), col("exited_at")).otherwise(asOfTs);
        return changes
                .withColumn("stage_seq", row_number().over(byTime))
                .withColumn("exited_at", lead("entered_at", 1).over(byTime))
                .withColumn("next_stage", lead("stage", 1).over(byTime))
                .join(latest, Columns.using("opportunity_id"), "left")
                .withColumn("outcome", when(col("stage").equalTo(WON), lit("won"))
                        .when(col("stage").equalTo(LOST), lit("lost"))
                        .when(col("next_stage").equalTo(LOST), lit("lost"))
                        .when(col("next_stage").isNotNull(), lit("advanced"))
                        .otherwise(lit("open")))
                .withColumn("days_in_stage", when(closed, lit(null).cast("double")).otherwise(
                        unix_timestamp(end).minus(unix_timestamp(col("entered_at"))).divide(86400.0)))
                .withColumn("is_stalled", col("exited_at").isNull().and(closed.equalTo(false))
                        .and(col("days_in_stage").geq(lit((double) stalledDays))));
    }

    /** The latest StageName field-history row setting the stage a snapshot shows, since the previous snapshot. */
    private static Dataset<Row> stageFieldTimes(Dataset<Row> stageChanges, Dataset<Row> fieldHistory) {
        Dataset<Row> rows = fieldHistory.filter(col("Field").equalTo("StageName"))
                .select(col("OpportunityId").as("f_opp"), col("NewValue").as("f_stage"), col("CreatedDate").as("f_at"));
        Dataset<Row> times = stageChanges.filter(not(col("first_seen")))
                .select("opportunity_id", "snapshot_date", "stage_name", "changed_after", "seen_at")
                .join(rows, col("opportunity_id").equalTo(col("f_opp")).and(col("stage_name").equalTo(col("f_stage")))
                        .and(col("f_at").gt(col("changed_after"))).and(col("f_at").leq(col("seen_at"))))
                .groupBy("opportunity_id", "snapshot_date").agg(max("f_at").as("field_at"));
        return stageChanges.join(times, Columns.using("opportunity_id", "snapshot_date"), "left");
    }
}
