package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.quality.CheckOutcome;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The numbers behind the dashboard, as one JSON-ready map, read from the report marts (mart_headline,
 * mart_weekly_metrics, mart_team_weekly_metrics, mart_team_metrics, mart_speed_distribution, mart_checklist_effect),
 * the metric marts and the ops tables. Nothing here defines a metric: the rates, the headline weeks, the
 * percentiles and the buckets are the marts', so the page says what an analyst's query of them says. Only the
 * marts' small rows are collected, with user names beside the Ids.
 */
final class DashboardData {
    static final int BREACHES_SHOWN = 25;
    static final String NO_QUALITY_RUN = "no quality run recorded";

    private final WarehouseCatalog catalog;
    private final Optional<Dataset<Row>> people;

    private DashboardData(WarehouseCatalog catalog) {
        this.catalog = catalog;
        this.people = people(catalog);
    }

    static Map<String, Object> collect(WarehouseCatalog catalog, Instant asOf) {
        DashboardData d = new DashboardData(catalog);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("as_of", asOf.toString());
        data.put("freshness", d.freshness());
        data.put("quality", quality(catalog));
        data.put("headline", rows(catalog.read(Tables.MART_HEADLINE).orderBy("metric_order")));
        data.put("trend", rows(catalog.read(Tables.MART_WEEKLY_METRICS).orderBy("week")));
        data.put("by_manager", rows(d.named(catalog.read(Tables.MART_TEAM_METRICS), "manager_id", "manager")
                .orderBy(col("open_breaches").desc(), col("manager"), col("manager_id"))));
        data.put("manager_trend", rows(d.named(catalog.read(Tables.MART_TEAM_WEEKLY_METRICS), "manager_id", "manager")
                .orderBy("manager", "manager_id", "week")));
        // The funnel and routing marts are additive counts: their totals are sums, no metric is defined here.
        Dataset<Row> funnel = catalog.read(Tables.MART_HANDOFF_FUNNEL);
        data.put("funnel", rows(funnel.agg(sum("handoffs").as("handoffs"), sum("meetings_due").as("meetings_due"),
                sum("meetings_held").as("meetings_held"), sum("opportunities").as("opportunities"),
                sum("won").as("won"))).get(0));
        data.put("speed", rows(catalog.read(Tables.MART_SPEED_DISTRIBUTION).orderBy("bucket_order")));
        Dataset<Row> routing = catalog.read(Tables.MART_ROUTING_AUDIT)
                .groupBy(col("week"), col("routing_verdict").as("verdict"))
                .agg(sum("handoffs").as("handoffs")).orderBy("week", "verdict");
        data.put("routing", rows(routing));
        data.put("routing_weeks", rows(routing.select("week").distinct().orderBy("week")).stream()
                .map(r -> r.get("week")).toList());
        data.put("checklist", rows(catalog.read(Tables.MART_CHECKLIST_EFFECT).orderBy("checklist_item")));
        Dataset<Row> breaches = catalog.read(Tables.MART_SLA_BREACHES_OPEN);
        data.put("breaches_total", breaches.count());
        data.put("breaches", rows(d.named(d.named(breaches, "manager_id", "manager"), "ae_id", "ae")
                .orderBy(col("hours_overdue").desc(), col("lead_id"), col("handoff_seq"), col("breach"))
                .select("manager_id", "manager", "ae_id", "ae", "company", "lead_name", "lead_id", "handoff_seq",
                        "breach", "due_at", "hours_overdue")
                .limit(BREACHES_SHOWN)));
        return data;
    }

    /** Current user names from dim_user, when the warehouse has it. */
    static Optional<Dataset<Row>> people(WarehouseCatalog catalog) {
        return catalog.readIfExists(Tables.DIM_USER)
                .map(u -> u.filter(col("is_current")).select(col("user_id"), col("name")).dropDuplicates("user_id"));
    }

    private Dataset<Row> named(Dataset<Row> df, String idColumn, String as) {
        return named(df, people, idColumn, as);
    }

    /** Adds {@code <as>}: the current name of the user in {@code idColumn}, or the id when dim_user lacks it. */
    static Dataset<Row> named(Dataset<Row> df, Optional<Dataset<Row>> people, String idColumn, String as) {
        if (people.isEmpty()) {
            return df.withColumn(as, col(idColumn));
        }
        Dataset<Row> names = people.get().select(col("user_id").as("_named_id"), col("name").as("_named_name"));
        return df.join(names, col(idColumn).equalTo(col("_named_id")), "left")
                .withColumn(as, coalesce(col("_named_name"), col(idColumn)))
                .drop("_named_id", "_named_name");
    }

    /** When the data was last brought in and built: the page is only as good as its inputs. */
    private Map<String, Object> freshness() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("latest_snapshot", catalog.readIfExists(Tables.raw(CrmObject.LEAD))
                .map(raw -> value(raw.agg(max(Tables.SNAPSHOT_DATE)).head(), 0)).orElse(null));
        out.put("last_build", catalog.readIfExists(Tables.RUN_LOG)
                .map(log -> rows(log.filter(col("job").equalTo("build").and(col("status").equalTo(RunLog.SUCCEEDED)))
                        .orderBy(col("finished_at").desc()).select(col("snapshot_date").as("as_of_date"),
                                col("finished_at")).limit(1)))
                .filter(r -> !r.isEmpty()).map(r -> r.get(0)).orElse(null));
        return out;
    }

    /**
     * The gate outcome of the latest run that recorded any: run ids are random, so the latest run is the one
     * whose rows sit in the newest files of the append-only table.
     */
    static Map<String, Object> quality(WarehouseCatalog catalog) {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<Dataset<Row>> table = catalog.readIfExists(Tables.QUALITY_RESULTS);
        List<Row> latest = table.map(results -> results
                .groupBy("run_id").agg(max("_metadata.file_modification_time").as("written_at"))
                .orderBy(col("written_at").desc()).limit(1).collectAsList()).orElse(List.of());
        if (latest.isEmpty()) {
            out.put("status", NO_QUALITY_RUN);
            out.put("passed", 0L);
            out.put("failed", 0L);
            out.put("failed_errors", 0L);
            out.put("failed_checks", List.of());
            return out;
        }
        Dataset<Row> run = table.get().filter(col("run_id").equalTo(latest.get(0).getString(0)));
        Column failed = col("status").equalTo(CheckOutcome.FAILURE);
        Row counts = run.agg(sum(when(failed, 0).otherwise(1)).cast("long"), sum(when(failed, 1).otherwise(0))
                .cast("long"), sum(when(failed.and(col("level").equalTo("Error")), 1).otherwise(0)).cast("long"),
                max("snapshot_date")).head();
        long errors = counts.getLong(2);
        out.put("status", errors > 0 ? "failed" : counts.getLong(1) > 0 ? "passed with warnings" : "passed");
        out.put("run_id", latest.get(0).getString(0));
        out.put("snapshot_date", value(counts, 3));
        out.put("passed", counts.getLong(0));
        out.put("failed", counts.getLong(1));
        out.put("failed_errors", errors);
        out.put("failed_checks", rows(run.filter(failed).select("table_name", "check_name", "level", "message")
                .orderBy("table_name", "check_name").limit(10)));
        return out;
    }

    /** Collects a small aggregate; dates become ISO days and timestamps ISO instants (UTC) for the page. */
    static List<Map<String, Object>> rows(Dataset<Row> df) {
        List<Map<String, Object>> out = new ArrayList<>();
        String[] names = df.columns();
        for (Row r : df.collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                m.put(names[i], value(r, i));
            }
            out.add(m);
        }
        return out;
    }

    private static Object value(Row r, int i) {
        Object v = r.get(i);
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof Date d) {
            return d.toLocalDate().toString();
        }
        return v;
    }
}
