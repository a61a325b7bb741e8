package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.Columns;
import com.handoffwarehouse.transforms.vocabulary.EventSource;
import com.handoffwarehouse.transforms.vocabulary.OpportunityStage;
import com.handoffwarehouse.transforms.vocabulary.SnapshotInstant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds {@code int_opportunity_stage}: one row per stage interval of each opportunity. OpportunityHistory gives
 * exact stage-change times when the CRM exports it; otherwise a change is dated at the first snapshot that shows
 * it ({@code int_opportunity_history}'s versions), or exactly by OpportunityFieldHistory or the version times of
 * a History Mode source.
 */
public final class IntOpportunityStage {
    private IntOpportunityStage() {
    }

    /**
     * @param stgOpportunityHistory      {@code stg_opportunity_history}: exact stage-change times, per opportunity
     * @param stgOpportunityFieldHistory {@code stg_opportunity_field_history}: its StageName rows date a stage
     *                                   change seen between two snapshots exactly, when OpportunityHistory is absent
     */
    public static Dataset<Row> build(Dataset<Row> opportunityHistory, Dataset<Row> stgOpportunity,
                                     Dataset<Row> stgOpportunityHistory, Dataset<Row> stgOpportunityFieldHistory) {
        Dataset<Row> latest = stgOpportunity.select(col("opportunity_id"), col("owner_id"),
                col("created_date").as("opportunity_created_at"));

        WindowSpec byVersion = Window.partitionBy("opportunity_id").orderBy(SnapshotHistory.VERSION_NO);
        Dataset<Row> stageChanges = opportunityHistory
                .withColumn("prev_stage", lag("stage_name", 1).over(byVersion))
                .withColumn("first_seen", col(SnapshotHistory.VERSION_NO).equalTo(1))
                .withColumn("seen_at", SnapshotInstant.of(col(SnapshotHistory.FIRST_SNAPSHOT)))
                .withColumn("changed_after", SnapshotInstant.of(lag(SnapshotHistory.LAST_SNAPSHOT, 1).over(byVersion)))
                .filter(col("first_seen").or(col("prev_stage").notEqual(col("stage_name"))));
        Dataset<Row> withFieldTimes = stageFieldTimes(stageChanges, stgOpportunityFieldHistory);
        // The field's own change time beats the version's start, which a later edit of another field that day moves.
        Column exactAt = coalesce(col("field_at"), col(SnapshotHistory.VERSION_START_AT));
        Dataset<Row> diffs = withFieldTimes.select(col("opportunity_id"), col("stage_name").as("stage"),
                when(col("first_seen"), least(col("created_date"), col("seen_at")))
                        .otherwise(coalesce(exactAt, col("seen_at"))).as("entered_at"),
                when(col("first_seen"), lit(EventSource.FIELD)).when(exactAt.isNotNull(), lit(EventSource.HISTORY))
                        .otherwise(lit(EventSource.DIFF)).as("source"));

        Dataset<Row> exact = stgOpportunityHistory
                .select(col("opportunity_id"), col("stage_name").as("stage"), col("created_date").as("entered_at"))
                .filter(col("opportunity_id").isNotNull().and(col("entered_at").isNotNull()))
                .distinct()
                .withColumn("source", lit(EventSource.HISTORY));
        Dataset<Row> withoutHistory = diffs.join(exact.select("opportunity_id").distinct(),
                Columns.using("opportunity_id"), "left_anti");
        Dataset<Row> changes = exact.unionByName(withoutHistory);

        WindowSpec byTime = Window.partitionBy("opportunity_id").orderBy("entered_at", "stage");
        return changes
                .withColumn("stage_seq", row_number().over(byTime))
                .withColumn("exited_at", lead("entered_at", 1).over(byTime))
                .withColumn("next_stage", lead("stage", 1).over(byTime))
                .join(latest, Columns.using("opportunity_id"), "left")
                .withColumn("outcome", when(col("stage").equalTo(OpportunityStage.CLOSED_WON), lit("won"))
                        .when(col("stage").equalTo(OpportunityStage.CLOSED_LOST), lit("lost"))
                        .when(col("next_stage").equalTo(OpportunityStage.CLOSED_LOST), lit("lost"))
                        .when(col("next_stage").isNotNull(), lit("advanced"))
                        .otherwise(lit("open")));
    }

    /** The latest StageName field-history row setting the stage a version shows, since the record's previous snapshot. */
    private static Dataset<Row> stageFieldTimes(Dataset<Row> stageChanges, Dataset<Row> fieldHistory) {
        Dataset<Row> rows = fieldHistory.filter(col("field").equalTo("StageName"))
                .select(col("opportunity_id").as("f_opp"), col("new_value").as("f_stage"), col("created_date").as("f_at"));
        Dataset<Row> times = stageChanges.filter(not(col("first_seen")))
                .select("opportunity_id", SnapshotHistory.VERSION_NO, "stage_name", "changed_after", "seen_at")
                .join(rows, col("opportunity_id").equalTo(col("f_opp")).and(col("stage_name").equalTo(col("f_stage")))
                        .and(col("f_at").gt(col("changed_after"))).and(col("f_at").leq(col("seen_at"))))
                .groupBy("opportunity_id", SnapshotHistory.VERSION_NO).agg(max("f_at").as("field_at"));
        return stageChanges.join(times, Columns.using("opportunity_id", SnapshotHistory.VERSION_NO), "left");
    }
}
