package com.handoffwarehouse.transforms.intermediate;

import com.handoffwarehouse.transforms.vocabulary.RoutingVerdict;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.transforms.staging.StagingNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores each handoff against the nine-item checklist of DESIGN section 4, on the lead as the submission
 * showed it (the {@code sub_} columns of {@link HandoffWindows}): completeness_score 0-100 and missing_items.
 */
public final class HandoffChecklist {
    /** Item keys in the design's order; missing_items lists them in this order. */
    public static final List<String> ITEMS = List.of("routing", "framework", "business_problem", "why_now",
            "stakeholders", "use_case_outcome", "objections", "next_step", "followup_task");

    /**
     * @param frameworkFields the configured framework's Lead fields, by API name (e.g. Budget__c)
     * @param weights         points per item key, summing to 100
     * @param placeholders    values that do not count as filled, compared trimmed and case-insensitively
     */
    public record Spec(List<String> frameworkFields, Map<String, Integer> weights, List<String> placeholders) {
    }

    private HandoffChecklist() {
    }

    /** Needs routing_verdict and followup_task_at beside the sub_ fields. */
    public static Dataset<Row> score(Dataset<Row> handoffs, Spec spec) {
        Map<String, Column> present = new LinkedHashMap<>();
        present.put("routing", col("routing_verdict").equalTo(RoutingVerdict.CORRECT));
        Column framework = lit(true);
        for (String field : spec.frameworkFields()) {
            framework = framework.and(filled(sub(field), spec.placeholders()));
        }
        present.put("framework", framework);
        present.put("business_problem", filled(sub("Business_Problem__c"), spec.placeholders()));
        present.put("why_now", filled(sub("Why_Now__c"), spec.placeholders()));
        Column decisionMaker = sub("Decision_Maker__c");
        present.put("stakeholders", filled(decisionMaker, spec.placeholders())
                .or(lower(trim(decisionMaker)).equalTo("unknown")));
        present.put("use_case_outcome", filled(sub("Use_Case__c"), spec.placeholders())
                .and(filled(sub("Desired_Outcome__c"), spec.placeholders())));
        present.put("objections", filled(sub("Objections__c"), spec.placeholders()));
        present.put("next_step", filled(sub("Next_Step__c"), spec.placeholders()));
        present.put("followup_task", col("followup_task_at").isNotNull());

        Column score = lit(0);
        List<Column> missing = new ArrayList<>();
        for (String item : ITEMS) {
            Column ok = when(present.get(item), true).otherwise(false);
            score = score.plus(when(ok, lit(spec.weights().get(item))).otherwise(lit(0)));
            missing.add(when(ok.equalTo(false), lit(item)));
        }
        return handoffs.withColumn("completeness_score", score.cast("int"))
                .withColumn("missing_items", array_compact(array(missing.toArray(Column[]::new))));
    }

    private static Column sub(String apiName) {
        return col("sub_" + StagingNames.snake(apiName));
    }

    /** Not blank and not a placeholder. */
    public static Column filled(Column value, List<String> placeholders) {
        Column normalized = lower(trim(value));
        Object[] lowered = placeholders.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).toArray();
        return value.isNotNull().and(normalized.notEqual(lit(""))).and(normalized.isin(lowered).equalTo(false));
    }
}
