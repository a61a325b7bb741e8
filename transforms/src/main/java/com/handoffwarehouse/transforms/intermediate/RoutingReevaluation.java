package com.handoffwarehouse.transforms.intermediate;

import com.handoffwarehouse.transforms.vocabulary.RoutingVerdict;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Re-runs the routing rules for every handoff against the facts as they stood at submitted_at:
 * point-in-time joins on the account and user histories, never their current values.
 *
 * <p>Input columns: lead_id, handoff_seq, submitted_at, ae_id (Handoff_AE__c at submission),
 * sub_matched_account, region, segment, sub_intent_score, is_inbound. Output adds account_owner_id,
 * expected_ae_id, expected_pool, routing_rule, routing_verdict and routing_rules_version.
 */
public final class RoutingReevaluation {
    private static final Column EMPTY_POOL = array().cast("array<string>");

    private RoutingReevaluation() {
    }

    /** The history version in force at {@code ts}: intervals are [valid_from, valid_to). */
    public static Column validAt(String prefix, Column ts) {
        return col(prefix + "valid_from").leq(ts)
                .and(col(prefix + "valid_to").isNull().or(ts.lt(col(prefix + "valid_to"))));
    }

    public static Dataset<Row> evaluate(Dataset<Row> handoffs, Dataset<Row> accountHistory,
                                        Dataset<Row> userHistory, RoutingRules rules) {
        Dataset<Row> accounts = accountHistory.select(col("account_id").as("a_id"), col("owner_id").as("a_owner"),
                col("valid_from").as("a_valid_from"), col("valid_to").as("a_valid_to"));
        Dataset<Row> users = userHistory.select(col("user_id").as("u_id"), col("is_active").as("u_active"),
                col("sales_role").as("u_role"), col("region").as("u_region"), col("segment").as("u_segment"),
                col("valid_from").as("u_valid_from"), col("valid_to").as("u_valid_to"));
        Column at = col("submitted_at");

        Dataset<Row> withOwner = handoffs
                .join(accounts, col("sub_matched_account").equalTo(col("a_id")).and(validAt("a_", at)), "left")
                .withColumnRenamed("a_owner", "account_owner_id")
                .drop("a_id", "a_valid_from", "a_valid_to")
                .join(users, col("account_owner_id").equalTo(col("u_id")).and(validAt("u_", at)), "left")
                .withColumn("owner_is_active_ae", coalesce(col("u_active").and(col("u_role").equalTo("AE")), lit(false)))
                .drop("u_id", "u_active", "u_role", "u_region", "u_segment", "u_valid_from", "u_valid_to");

        Dataset<Row> activeAes = users.filter(col("u_active").equalTo(true).and(col("u_role").equalTo("AE")));
        Dataset<Row> derivedPools = handoffs.select("lead_id", "handoff_seq", "submitted_at", "region", "segment")
                .join(activeAes, col("region").equalTo(col("u_region")).and(col("segment").equalTo(col("u_segment")))
                        .and(validAt("u_", at)))
                .groupBy("lead_id", "handoff_seq").agg(sort_array(collect_set("u_id")).as("derived_pool"));
        Dataset<Row> pooled = withOwner.join(derivedPools, Columns.using("lead_id", "handoff_seq"), "left");

        Column rule = lit(null).cast("string");
        Column expectedAe = lit(null).cast("string");
        Column expectedPool = lit(null).cast("array<string>");
        Column verdict = lit(null).cast("string");
        boolean first = true;
        for (RoutingRules.Rule r : rules.rules()) {
            Column applies;
            Column ae = lit(null).cast("string");
            Column pool = lit(null).cast("array<string>");
            Column judged;
            switch (r.type()) {
                case ACCOUNT_OWNER -> {
                    applies = col("owner_is_active_ae");
                    ae = col("account_owner_id");
                    judged = when(col("ae_id").equalTo(col("account_owner_id")), lit(RoutingVerdict.CORRECT)).otherwise(lit(RoutingVerdict.WRONG_OWNER));
                }
                case REGION_SEGMENT_POOL -> {
                    pool = explicitPools(pooled, r).orElse(coalesce(col("derived_pool"), EMPTY_POOL));
                    applies = size(pool).gt(0);
                    judged = inPool(pool);
                }
                case PRIORITY -> {
                    pool = stringArray(r.aes());
                    Column cond = lit(true);
                    if (r.minIntentScore() != null) {
                        cond = cond.and(col("sub_intent_score").geq(lit(r.minIntentScore())));
                    }
                    if (r.inbound() != null) {
                        cond = cond.and(col("is_inbound").equalTo(lit(r.inbound())));
                    }
                    applies = coalesce(cond, lit(false)).and(size(pool).gt(0));
                    judged = inPool(pool);
                }
                case FALLBACK -> {
                    applies = lit(true);
                    judged = lit(RoutingVerdict.UNROUTABLE);
                }
                default -> throw new IllegalArgumentException("Unknown rule type " + r.type());
            }
            if (first) {
                rule = when(applies, lit(r.name()));
                expectedAe = when(applies, ae);
                expectedPool = when(applies, pool);
                verdict = when(applies, judged);
                first = false;
            } else {
                rule = rule.when(applies, lit(r.name()));
                expectedAe = expectedAe.when(applies, ae);
                expectedPool = expectedPool.when(applies, pool);
                verdict = verdict.when(applies, judged);
            }
        }
        // With no fallback rule in the file, an unmatched handoff is still unroutable, just without a queue.
        return pooled.withColumn("routing_rule", rule)
                .withColumn("expected_ae_id", expectedAe)
                .withColumn("expected_pool", expectedPool)
                .withColumn("routing_verdict", coalesce(verdict, lit(RoutingVerdict.UNROUTABLE)))
                .withColumn("routing_rules_version", lit(rules.version()))
                .drop("derived_pool", "owner_is_active_ae");
    }

    private static Column stringArray(java.util.List<String> values) {
        return values == null || values.isEmpty() ? EMPTY_POOL
                : array(values.stream().map(org.apache.spark.sql.functions::lit).toArray(Column[]::new));
    }

    private static Column inPool(Column pool) {
        return when(array_contains(pool, col("ae_id")), lit(RoutingVerdict.CORRECT)).otherwise(lit(RoutingVerdict.WRONG_POOL));
    }

    /** The rule's explicit pool for the handoff's region and segment, when the rule lists any. */
    private static java.util.Optional<Column> explicitPools(Dataset<Row> handoffs, RoutingRules.Rule rule) {
        if (rule.pools() == null || rule.pools().isEmpty()) {
            return java.util.Optional.empty();
        }
        Column out = null;
        for (RoutingRules.Pool p : rule.pools()) {
            Column cond = col("region").equalTo(lit(p.region())).and(col("segment").equalTo(lit(p.segment())));
            Column aes = stringArray(p.aes());
            out = out == null ? when(cond, aes) : out.when(cond, aes);
        }
        return java.util.Optional.of(coalesce(out, col("derived_pool"), EMPTY_POOL));
    }
}
