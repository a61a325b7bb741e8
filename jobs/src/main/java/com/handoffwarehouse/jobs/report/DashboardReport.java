package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The leadership dashboard: one self-contained HTML file (ECharts inlined from its WebJar, the numbers embedded
 * as JSON) and open_breaches.csv. Everything comes from the published marts and fct_handoff, aggregated in
 * Spark; only the aggregates (a few hundred rows at most) reach the driver.
 */
public final class DashboardReport {
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.5.0/echarts.min.js";
    static final String TEMPLATE = "/report/dashboard.html";
    static final int BREACHES_SHOWN = 25;

    private DashboardReport() {
    }

    /** Writes dashboard.html and open_breaches.csv into {@code outDir}; returns the HTML file. */
    public static Path write(WarehouseCatalog catalog, Instant asOf, Path outDir) {
        try {
            Files.createDirectories(outDir);
            Map<String, Object> data = data(catalog, asOf);
            String json = new ObjectMapper().writeValueAsString(data).replace("</", "<\\/");
            String html = resource(TEMPLATE).replace("/*ECHARTS*/", resource(ECHARTS)).replace("__DATA__", json);
            Path page = outDir.resolve("dashboard.html");
            Files.writeString(page, html, StandardCharsets.UTF_8);
            writeBreaches(catalog, outDir.resolve("open_breaches.csv"));
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the dashboard into " + outDir, e);
        }
    }

    static Map<String, Object> data(WarehouseCatalog catalog, Instant asOf) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("as_of", asOf.toString());
        Row latest = catalog.read(Tables.raw(CrmObject.LEAD)).agg(max("snapshot_date")).head();
        data.put("latest_snapshot", latest.isNullAt(0) ? null : latest.get(0).toString());
        data.put("quality", quality(catalog));
        Dataset<Row> funnel = catalog.read(Tables.MART_HANDOFF_FUNNEL);
        Dataset<Row> sla = catalog.read(Tables.MART_SLA_COMPLIANCE);
        Dataset<Row> fct = catalog.read(Tables.FCT_HANDOFF)
                .withColumn("week", date_trunc("week", col("cohort_date")).cast("date"));
        data.put("headline", headline(funnel, sla, fct));
        Column[] rates = rates();
        Column[] more = java.util.Arrays.copyOfRange(rates, 1, rates.length);
        data.put("trend", rows(sla.groupBy("week").agg(rates[0], more).orderBy("week")));
        Dataset<Row> managers = catalog.read(Tables.stg(CrmObject.USER)).select(col("user_id").as("m_id"),
                col("name").as("manager_name"));
        data.put("by_manager", rows(sla.join(managers, col("manager_id").equalTo(col("m_id")), "left")
                .groupBy(org.apache.spark.sql.functions.coalesce(col("manager_name"), col("manager_id"))
                        .as("manager_id")).agg(rates[0], more).orderBy("manager_id")));
        data.put("funnel", rows(funnel.agg(sum("meetings_due").as("meetings_due"),
                sum("meetings_held").as("meetings_held"), sum("opportunities").as("opportunities"),
                sum("won").as("won"))).get(0));
        Column bh = col("business_hours_to_first_contact");
        Column bucket = when(bh.isNull(), lit("no contact")).when(bh.lt(1), lit("0-1")).when(bh.lt(2), lit("1-2"))
                .when(bh.lt(4), lit("2-4")).when(bh.lt(8), lit("4-8")).when(bh.lt(24), lit("8-24"))
                .otherwise(lit("24+"));
        Column order = when(bh.isNull(), lit(6)).when(bh.lt(1), lit(0)).when(bh.lt(2), lit(1)).when(bh.lt(4), lit(2))
                .when(bh.lt(8), lit(3)).when(bh.lt(24), lit(4)).otherwise(lit(5));
        data.put("speed", rows(fct.groupBy(bucket.as("bucket"), order.as("bucket_order"))
                .agg(count(lit(1)).as("handoffs")).orderBy("bucket_order").drop("bucket_order")));
        Dataset<Row> routing = catalog.read(Tables.MART_ROUTING_AUDIT).groupBy(col("week").cast("string").as("week"),
                col("routing_verdict").as("verdict")).agg(sum("handoffs").as("handoffs")).orderBy("week", "verdict");
        data.put("routing", rows(routing));
        data.put("routing_weeks", routing.select("week").distinct().orderBy("week").collectAsList().stream()
                .map(r -> r.getString(0)).toList());
        Dataset<Row> quality = catalog.read(Tables.MART_HANDOFF_QUALITY).groupBy("checklist_item").agg(
                sum(when(col("item_present"), col("m2o_converted"))).as("with_converted"),
                sum(when(col("item_present"), col("m2o_eligible"))).as("with_eligible"),
                sum(when(col("item_present").equalTo(false), col("m2o_converted"))).as("without_converted"),
                sum(when(col("item_present").equalTo(false), col("m2o_eligible"))).as("without_eligible"));
        data.put("checklist", rows(quality.select(col("checklist_item").as("item"),
                ratio("with_converted", "with_eligible").as("with_rate"),
                ratio("without_converted", "without_eligible").as("without_rate")).orderBy("item")));
        Dataset<Row> breaches = catalog.read(Tables.MART_SLA_BREACHES_OPEN);
        data.put("breaches_total", breaches.count());
        Dataset<Row> names = catalog.read(Tables.stg(CrmObject.USER)).select(col("user_id"), col("name"));
        Dataset<Row> named = breaches
                .join(names.withColumnRenamed("user_id", "m_id").withColumnRenamed("name", "manager_name"),
                        col("manager_id").equalTo(col("m_id")), "left")
                .join(names.withColumnRenamed("user_id", "a_id").withColumnRenamed("name", "ae_name"),
                        col("ae_id").equalTo(col("a_id")), "left");
        data.put("breaches", rows(named.orderBy(col("hours_overdue").desc(), col("lead_id"), col("breach"))
                .select(org.apache.spark.sql.functions.coalesce(col("manager_name"), col("manager_id"))
                                .as("manager_id"),
                        org.apache.spark.sql.functions.coalesce(col("ae_name"), col("ae_id")).as("ae_id"),
                        col("lead_id"), col("handoff_seq"), col("breach"),
                        col("due_at").cast("string").as("due_at"), col("hours_overdue"))
                .limit(BREACHES_SHOWN)));
        return data;
    }

    private static Column ratio(String numerator, String denominator) {
        return when(col(denominator).gt(0), col(numerator).divide(col(denominator)));
    }

    private static Column[] rates() {
        return new Column[] {sum("handoffs").as("handoffs"),
                when(sum("acceptance_eligible").gt(0), sum("accepted_in_sla").divide(sum("acceptance_eligible")))
                        .as("acceptance_rate"),
                when(sum("contact_eligible").gt(0), sum("contacted_in_sla").divide(sum("contact_eligible")))
                        .as("contact_sla_rate"),
                when(sum("both_eligible").gt(0), sum("both_met").divide(sum("both_eligible")))
                        .as("sla_compliance_rate")};
    }

    /**
     * The latest cohort week with any decided acceptance against the week before it: the change leadership
     * reads first. Speed-to-lead percentiles come from fct_handoff of the same weeks.
     */
    private static Map<String, Object> headline(Dataset<Row> funnel, Dataset<Row> sla, Dataset<Row> fct) {
        List<Row> weeks = funnel.groupBy("week").agg(sum("acceptance_eligible").as("eligible"))
                .filter(col("eligible").gt(0)).orderBy(col("week").desc()).limit(2).collectAsList();
        Map<String, Object> out = new LinkedHashMap<>();
        String current = weeks.isEmpty() ? null : weeks.get(0).get(0).toString();
        String previous = weeks.size() < 2 ? null : weeks.get(1).get(0).toString();
        out.put("current_week", current);
        out.put("previous_week", previous);
        out.put("current", week(funnel, sla, fct, current));
        out.put("previous", week(funnel, sla, fct, previous));
        return out;
    }

    private static Map<String, Object> week(Dataset<Row> funnel, Dataset<Row> sla, Dataset<Row> fct, String week) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (week == null) {
            return out;
        }
        Column inWeek = col("week").cast("string").equalTo(week);
        Row f = funnel.filter(inWeek).agg(sum("accepted_in_sla"), sum("acceptance_eligible"), sum("meetings_held"),
                sum("meetings_due"), sum("m2o_converted"), sum("m2o_eligible")).head();
        Row s = sla.filter(inWeek).agg(sum("both_met"), sum("both_eligible")).head();
        Row speed = fct.filter(inWeek.and(col("first_contact_at").isNotNull())).agg(
                expr("percentile(business_hours_to_first_contact, 0.5)"),
                expr("percentile(business_hours_to_first_contact, 0.9)"),
                expr("percentile(hours_to_first_contact, 0.5)")).head();
        out.put("acceptance_rate", share(f, 0, 1));
        out.put("show_rate", share(f, 2, 3));
        out.put("meeting_to_opportunity", share(f, 4, 5));
        out.put("sla_compliance", share(s, 0, 1));
        out.put("median_business_hours_to_first_contact", speed.isNullAt(0) ? null : speed.getDouble(0));
        out.put("p90_business_hours_to_first_contact", speed.isNullAt(1) ? null : speed.getDouble(1));
        out.put("median_hours_to_first_contact", speed.isNullAt(2) ? null : speed.getDouble(2));
        return out;
    }

    private static Double share(Row r, int numerator, int denominator) {
        return r.isNullAt(denominator) || r.getLong(denominator) == 0 ? null
                : (double) r.getLong(numerator) / r.getLong(denominator);
    }

    private static Map<String, Object> quality(WarehouseCatalog catalog) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!catalog.exists(Tables.QUALITY_RESULTS)) {
            out.put("status", "no quality run recorded");
            out.put("passed", 0);
            out.put("failed", 0);
            return out;
        }
        Dataset<Row> results = catalog.read(Tables.QUALITY_RESULTS);
        Row last = results.orderBy(col("run_id").desc()).select("run_id").head();
        Row counts = results.filter(col("run_id").equalTo(last.getString(0))).agg(
                sum(when(col("status").equalTo("Success"), 1).otherwise(0)),
                sum(when(col("status").equalTo("Failure"), 1).otherwise(0))).head();
        out.put("status", counts.getLong(1) == 0 ? "passed" : "failed");
        out.put("passed", counts.getLong(0));
        out.put("failed", counts.getLong(1));
        return out;
    }

    private static List<Map<String, Object>> rows(Dataset<Row> df) {
        List<Map<String, Object>> out = new ArrayList<>();
        String[] names = df.columns();
        for (Row r : df.collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                Object v = r.get(i);
                m.put(names[i], v instanceof java.sql.Date || v instanceof java.sql.Timestamp ? v.toString() : v);
            }
            out.add(m);
        }
        return out;
    }

    private static void writeBreaches(WarehouseCatalog catalog, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".parts");
        catalog.read(Tables.MART_SLA_BREACHES_OPEN).orderBy(col("hours_overdue").desc(), col("lead_id"), col("breach"))
                .coalesce(1).write().mode("overwrite").option("header", "true").csv(tmp.toString());
        try (var parts = Files.newDirectoryStream(tmp, "part-*.csv")) {
            for (Path part : parts) {
                Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (var walk = Files.walk(tmp)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name + " in the jar; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
