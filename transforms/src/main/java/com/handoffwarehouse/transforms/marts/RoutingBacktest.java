package com.handoffwarehouse.transforms.marts;

import com.handoffwarehouse.transforms.vocabulary.RoutingVerdict;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.intermediate.RoutingReevaluation;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Replays every handoff in fct_handoff with a candidate rule file, against the same point-in-time facts,
 * and sets the candidate's expectation beside the current one.
 */
public final class RoutingBacktest {
    private RoutingBacktest() {
    }

    /** One row per handoff: current and candidate rule, expectation and verdict, and whether anything moved. */
    public static Dataset<Row> replay(Dataset<Row> fctHandoff, Dataset<Row> accountHistory, Dataset<Row> userHistory,
                                      RoutingRules candidate) {
        Dataset<Row> inputs = fctHandoff.select(col("lead_id"), col("handoff_seq"), col("submitted_at"),
                col("ae_id"), col("matched_account_id").as("sub_matched_account"), col("region"), col("segment"),
                col("intent_score").as("sub_intent_score"), col("is_inbound"),
                col("routing_rule").as("current_rule"), col("expected_ae_id").as("current_expected_ae_id"),
                col("expected_pool").as("current_expected_pool"), col("routing_verdict").as("current_verdict"));
        Dataset<Row> replayed = RoutingReevaluation.evaluate(inputs, accountHistory, userHistory, candidate);
        Column moved = not(coalesce(col("current_rule").eqNullSafe(col("routing_rule"))
                .and(col("current_expected_ae_id").eqNullSafe(col("expected_ae_id")))
                .and(col("current_expected_pool").eqNullSafe(col("expected_pool")))
                .and(col("current_verdict").eqNullSafe(col("routing_verdict"))), lit(false)));
        return replayed.select(col("lead_id"), col("handoff_seq"), col("submitted_at"), col("ae_id"),
                col("region"), col("segment"), col("current_rule"), col("routing_rule").as("candidate_rule"),
                col("current_expected_ae_id"), col("expected_ae_id").as("candidate_expected_ae_id"),
                col("current_expected_pool"), col("expected_pool").as("candidate_expected_pool"),
                col("current_verdict"), col("routing_verdict").as("candidate_verdict"),
                col("routing_rules_version").as("candidate_rules_version"), moved.as("changed"));
    }

    /** What moves, by the candidate's rule and by AE: handoffs, how many change, and verdict shifts. */
    public static Dataset<Row> summary(Dataset<Row> replay, String... by) {
        Column[] keys = java.util.Arrays.stream(by).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        return replay.groupBy(keys).agg(
                        count(lit(1)).as("handoffs"),
                        sum(when(col("changed"), 1).otherwise(0)).as("changed"),
                        sum(when(col("current_verdict").equalTo(RoutingVerdict.CORRECT), 1).otherwise(0)).as("correct_now"),
                        sum(when(col("candidate_verdict").equalTo(RoutingVerdict.CORRECT), 1).otherwise(0)).as("correct_candidate"))
                .orderBy(keys);
    }
}
