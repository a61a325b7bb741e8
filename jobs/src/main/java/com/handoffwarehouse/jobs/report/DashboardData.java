package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;

/**
 * The numbers behind the dashboard, as one JSON-ready map. Every aggregation runs in Spark over the marts,
 * fct_handoff and the ops tables; only the aggregates (tens to hundreds of rows) are collected.
 */
final class DashboardData {
    static final int BREACHES_SHOWN = 25;
    static final String NO_QUALITY_RUN = "no quality run recorded";

    /** Upper bounds of the speed-to-lead histogram, in business hours; the SLA thresholds fall on edges. */
    static final double[] SPEED_BUCKET_EDGES = {1, 2, 4, 8, 16, 24, 40};
    static final String NOT_CONTACTED = "not contacted";

    private final WarehouseCatalog catalog;
    private final Dataset<Row> funnel;
    private final Dataset<Row> sla;
    private final Dataset<Row> fct;
    private final Optional<Dataset<Row>> people;

    private DashboardData(WarehouseCatalog catalog) {
        this.catalog = catalog;
        this.funnel = catalog.read(Tables.MART_HANDOFF_FUNNEL);
        this.sla = catalog.read(Tables.MART_SLA_COMPLIANCE);
        this.fct = catalog.read(Tables.FCT_HANDOFF)
                .withColumn("week", date_trunc("week", col("cohort_date")).cast("date"));
        this.people = people(catalog);
    }

    static Map<String, Object> collect(WarehouseCatalog catalog, Instant asOf) {
        DashboardData d = new DashboardData(catalog);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("as_of", asOf.toString());
        data.put("freshness", d.freshness());
        data.put("quality", quality(catalog));
        data.put("headline", d.headline());
        data.put("trend", rows(slaRates(d.sla.groupBy("week")).orderBy("week")));
        Dataset<Row> breaches = catalog.read(Tables.MART_SLA_BREACHES_OPEN);
        data.put("by_manager", d.byManager(breaches));
        data.put("manager_trend", rows(d.named(d.sla, "manager_id", "manager")
                .groupBy(col("week"), col("manager_id"), col("manager"))
                .agg(sum("both_eligible").as("both_eligible"), rate("both_met", "both_eligible")
                        .as("sla_compliance_rate"))
                .orderBy("manager", "manager_id", "week")));
        data.put("funnel", rows(d.funnel.agg(sum("handoffs").as("handoffs"), sum("meetings_due").as("meetings_due"),
                sum("meetings_held").as("meetings_held"), sum("opportunities").as("opportunities"),
                sum("won").as("won"))).get(0));
        data.put("speed", d.speed());
        Dataset<Row> routing = catalog.read(Tables.MART_ROUTING_AUDIT)
                .groupBy(col("week"), col("routing_verdict").as("verdict"))
                .agg(sum("handoffs").as("handoffs")).orderBy("week", "verdict");
        data.put("routing", rows(routing));
        data.put("routing_weeks", rows(routing.select("week").distinct().orderBy("week")).stream()
                .map(r -> r.get("week")).toList());
        data.put("checklist", checklist(catalog.read(Tables.MART_HANDOFF_QUALITY)));
        data.put("breaches_total", breaches.count());
        data.put("breaches", rows(d.named(d.named(breaches, "manager_id", "manager"), "ae_id", "ae")
                .orderBy(col("hours_overdue").desc(), col("lead_id"), col("handoff_seq"), col("breach"))
                .select("manager_id", "manager", "ae_id", "ae", "lead_id", "handoff_seq", "breach", "due_at",
                        "hours_overdue")
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

    /** A rate of sums, so it rolls up mart cells correctly; null when nothing was eligible. */
    private static Column rate(String numerator, String denominator) {
        return when(sum(denominator).gt(0), sum(numerator).divide(sum(denominator)));
    }

    private static Dataset<Row> slaRates(RelationalGroupedDataset groups) {
        return groups.agg(sum("handoffs").as("handoffs"),
                rate("accepted_in_sla", "acceptance_eligible").as("acceptance_rate"),
                rate("contacted_in_sla", "contact_eligible").as("contact_sla_rate"),
                rate("both_met", "both_eligible").as("sla_compliance_rate"));
    }

    /** Each team over all weeks, with its open breaches: who leaks, and how much is waiting on them now. */
    private List<Map<String, Object>> byManager(Dataset<Row> breaches) {
        Dataset<Row> open = breaches.groupBy(col("manager_id").as("b_manager"))
                .agg(count(lit(1)).as("open_breaches"));
        Dataset<Row> teams = slaRates(named(sla, "manager_id", "manager").groupBy("manager_id", "manager"));
        return rows(teams.join(open, teams.col("manager_id").eqNullSafe(open.col("b_manager")), "full_outer")
                .select(coalesce(col("manager_id"), col("b_manager")).as("manager_id"),
                        coalesce(col("manager"), col("b_manager")).as("manager"),
                        coalesce(col("handoffs"), lit(0L)).as("handoffs"), col("acceptance_rate"),
                        col("contact_sla_rate"), col("sla_compliance_rate"),
                        coalesce(col("open_breaches"), lit(0L)).as("open_breaches"))
                .orderBy(col("open_breaches").desc(), col("manager"), col("manager_id")));
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
     * The latest cohort week with any decided acceptance against the week before it: the change leadership
     * reads first. Speed-to-lead percentiles come from the fct_handoff rows of the same weeks. Meeting-to-
     * opportunity takes its own weeks, the latest whose 30-day windows have elapsed: in the weeks above no
     * meeting has had its 30 days yet.
     */
    private Map<String, Object> headline() {
        List<Map<String, Object>> weeks = rows(funnel.groupBy("week").agg(sum("acceptance_eligible").as("eligible"))
                .filter(col("eligible").gt(0)).orderBy(col("week").desc()).select("week").limit(2));
        Object current = weeks.isEmpty() ? null : weeks.get(0).get("week");
        Object previous = weeks.size() < 2 ? null : weeks.get(1).get("week");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("current_week", current);
        out.put("previous_week", previous);
        out.put("current", week(current));
        out.put("previous", week(previous));
        List<Map<String, Object>> conversion = rows(funnel.groupBy("week")
                .agg(rate("m2o_converted", "m2o_eligible").as("rate")).filter(col("rate").isNotNull())
                .orderBy(col("week").desc()).limit(2));
        Map<String, Object> m2o = new LinkedHashMap<>();
        m2o.put("week", conversion.isEmpty() ? null : conversion.get(0).get("week"));
        m2o.put("value", conversion.isEmpty() ? null : conversion.get(0).get("rate"));
        m2o.put("previous_week", conversion.size() < 2 ? null : conversion.get(1).get("week"));
        m2o.put("previous_value", conversion.size() < 2 ? null : conversion.get(1).get("rate"));
        out.put("meeting_to_opportunity", m2o);
        return out;
    }

    private Map<String, Object> week(Object week) {
        if (week == null) {
            return Map.of();
        }
        Column inWeek = col("week").equalTo(lit(Date.valueOf(week.toString())));
        Map<String, Object> out = new LinkedHashMap<>(rows(funnel.filter(inWeek).agg(
                sum("handoffs").as("handoffs"),
                rate("accepted_in_sla", "acceptance_eligible").as("acceptance_rate"),
                rate("meetings_held", "meetings_due").as("show_rate"))).get(0));
        out.putAll(rows(sla.filter(inWeek).agg(rate("both_met", "both_eligible").as("sla_compliance"))).get(0));
        out.putAll(rows(fct.filter(inWeek.and(col("first_contact_at").isNotNull())).agg(
                expr("percentile(business_hours_to_first_contact, 0.5)").as("median_business_hours_to_first_contact"),
                expr("percentile(business_hours_to_first_contact, 0.9)").as("p90_business_hours_to_first_contact"),
                expr("percentile(hours_to_first_contact, 0.5)").as("median_hours_to_first_contact"),
                expr("percentile(hours_to_first_contact, 0.9)").as("p90_hours_to_first_contact"))).get(0));
        return out;
    }

    /** Histogram of business hours to first AE contact over every handoff; the uncontacted get their own bar. */
    private List<Map<String, Object>> speed() {
        Column hours = col("business_hours_to_first_contact");
        Column bucket = when(col("first_contact_at").isNull().or(hours.isNull()), lit(SPEED_BUCKET_EDGES.length + 1));
        for (int i = 0; i < SPEED_BUCKET_EDGES.length; i++) {
            bucket = bucket.when(hours.lt(SPEED_BUCKET_EDGES[i]), lit(i));
        }
        bucket = bucket.otherwise(lit(SPEED_BUCKET_EDGES.length));
        Map<Integer, Long> counts = new HashMap<>();
        fct.groupBy(bucket.as("i")).agg(count(lit(1))).collectAsList()
                .forEach(r -> counts.put(r.getInt(0), r.getLong(1)));
        // Empty buckets stay on the axis: a gap is part of the distribution's shape.
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i <= SPEED_BUCKET_EDGES.length + 1; i++) {
            Map<String, Object> named = new LinkedHashMap<>();
            named.put("bucket", speedBucket(i));
            named.put("handoffs", counts.getOrDefault(i, 0L));
            out.add(named);
        }
        return out;
    }

    private static String speedBucket(int i) {
        if (i > SPEED_BUCKET_EDGES.length) {
            return NOT_CONTACTED;
        }
        if (i == SPEED_BUCKET_EDGES.length) {
            return edge(i - 1) + "+";
        }
        return (i == 0 ? "0" : edge(i - 1)) + "-" + edge(i);
    }

    private static String edge(int i) {
        return String.valueOf((long) SPEED_BUCKET_EDGES[i]);
    }

    /**
     * Each checklist item present against missing: meeting-to-opportunity (DESIGN's measure), and the share of
     * handoffs with an opportunity so far, which the page shows while no first meeting has passed its window.
     */
    private static List<Map<String, Object>> checklist(Dataset<Row> quality) {
        Column present = col("item_present");
        return rows(quality.groupBy(col("checklist_item").as("item")).agg(
                        sum(when(present, col("m2o_eligible")).otherwise(0)).as("with_eligible"),
                        sum(when(present, col("m2o_converted")).otherwise(0)).as("with_converted"),
                        sum(when(present, 0).otherwise(col("m2o_eligible"))).as("without_eligible"),
                        sum(when(present, 0).otherwise(col("m2o_converted"))).as("without_converted"),
                        sum(when(present, col("handoffs")).otherwise(0)).as("with_handoffs"),
                        sum(when(present, col("opportunities")).otherwise(0)).as("with_opportunities"),
                        sum(when(present, 0).otherwise(col("handoffs"))).as("without_handoffs"),
                        sum(when(present, 0).otherwise(col("opportunities"))).as("without_opportunities"))
                .withColumn("with_rate", share("with_converted", "with_eligible"))
                .withColumn("without_rate", share("without_converted", "without_eligible"))
                .withColumn("with_opportunity_rate", share("with_opportunities", "with_handoffs"))
                .withColumn("without_opportunity_rate", share("without_opportunities", "without_handoffs"))
                .orderBy("item"));
    }

    /** A rate of two columns of one row. */
    private static Column share(String numerator, String denominator) {
        return when(col(denominator).gt(0), col(numerator).divide(col(denominator)));
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
