package com.handoffwarehouse.jobs.report;

import com.handoffwarehouse.jobs.catalog.Publication;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.quality.QualityResults;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.marts.HandoffOutcomes;
import com.handoffwarehouse.transforms.marts.MartChecklistEffect;
import com.handoffwarehouse.transforms.marts.MartHeadline;
import com.handoffwarehouse.transforms.marts.MartSpeedDistribution;
import com.handoffwarehouse.transforms.marts.MartTeamMetrics;
import com.handoffwarehouse.transforms.marts.MartWeeklyMetrics;
import com.handoffwarehouse.transforms.marts.MartHandoffFunnel;
import com.handoffwarehouse.transforms.marts.MartHandoffQuality;
import com.handoffwarehouse.transforms.marts.MartRoutingAudit;
import com.handoffwarehouse.transforms.marts.MartSlaBreachesOpen;
import com.handoffwarehouse.transforms.marts.MartSlaCompliance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A tiny warehouse for the dashboard tests, built once per JVM: nine handoffs of fct_handoff over three cohort
 * weeks (the last one not over and still inside its SLA windows; the middle one with one held meeting past its
 * conversion window and two not), two teams, an open handoff in breach of both SLAs, and the
 * marts computed from them by the production builders, so their schemas are the real ones. The ops tables hold
 * two gate runs, the later one failed, and a successful build.
 */
final class DashboardFixture {
    static final Instant AS_OF = Instant.parse("2026-09-16T23:59:59Z");
    /** Shorter than the configured 30 days so the fixture's early meetings have passed their conversion window. */
    static final int M2O_DAYS = 7;
    /** Sorts before the earlier run, so picking the latest run by id would fail. */
    static final String LATE_RUN = "a-late-run";
    /** The one won opportunity. */
    private static final String WON = "O1";

    private static WarehouseCatalog catalog;

    private DashboardFixture() {
    }

    static synchronized WarehouseCatalog catalog() {
        if (catalog == null) {
            try {
                catalog = build(SharedSpark.session(), Files.createTempDirectory("dashboard-warehouse"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return catalog;
    }

    private static final StructType FCT = new StructType()
            .add("lead_id", DataTypes.StringType).add("handoff_seq", DataTypes.IntegerType)
            .add("sdr_id", DataTypes.StringType).add("ae_id", DataTypes.StringType)
            .add("current_ae_id", DataTypes.StringType).add("manager_id", DataTypes.StringType)
            .add("submitted_at", DataTypes.TimestampType).add("accepted_at", DataTypes.TimestampType)
            .add("rejected_at", DataTypes.TimestampType).add("window_end", DataTypes.TimestampType)
            .add("first_contact_at", DataTypes.TimestampType).add("first_meeting_id", DataTypes.StringType)
            .add("meeting_start_at", DataTypes.TimestampType).add("meeting_outcome", DataTypes.StringType)
            .add("opportunity_id", DataTypes.StringType).add("opportunity_created_at", DataTypes.TimestampType)
            .add("opportunity_is_won", DataTypes.BooleanType)
            .add("missing_items", DataTypes.createArrayType(DataTypes.StringType))
            .add("routing_rule", DataTypes.StringType).add("routing_verdict", DataTypes.StringType)
            .add("routing_rules_version", DataTypes.StringType).add("reassignments", DataTypes.IntegerType)
            .add("region", DataTypes.StringType).add("segment", DataTypes.StringType)
            .add("lead_source", DataTypes.StringType).add("is_inbound", DataTypes.BooleanType)
            .add("accept_due_at", DataTypes.TimestampType).add("contact_due_at", DataTypes.TimestampType)
            .add("hours_to_first_contact", DataTypes.DoubleType)
            .add("business_hours_to_first_contact", DataTypes.DoubleType)
            .add("sla_accept_met", DataTypes.BooleanType).add("sla_contact_met", DataTypes.BooleanType)
            .add("cohort_date", DataTypes.DateType);

    private static Timestamp ts(String iso) {
        return iso == null ? null : Timestamp.from(Instant.parse(iso));
    }

    private static Row handoff(String lead, String ae, String manager, String submitted, String accepted,
                               String rejected, String windowEnd, String contacted, Double wallHours,
                               Double businessHours, String meeting, String meetingAt, String outcome,
                               String opportunity, String opportunityAt, List<String> missing, String verdict,
                               String acceptDue, String contactDue, Boolean acceptMet, Boolean contactMet) {
        return RowFactory.create(lead, 1, "S1", ae, ae, manager, ts(submitted), ts(accepted), ts(rejected),
                ts(windowEnd), ts(contacted), meeting, ts(meetingAt), outcome, opportunity, ts(opportunityAt),
                WON.equals(opportunity) ? Boolean.TRUE : opportunity == null ? null : Boolean.FALSE, missing, verdict.equals("CORRECT")
                        ? "region_segment_pool" : "matched_account_owner", verdict, "v1", 0, "NA", "SMB",
                "Web", true, ts(acceptDue), ts(contactDue), wallHours, businessHours, acceptMet, contactMet,
                Date.valueOf(Instant.parse(submitted).atZone(java.time.ZoneOffset.UTC).toLocalDate()));
    }

    private static WarehouseCatalog build(SparkSession spark, Path root) {
        WarehouseCatalog catalog = new WarehouseCatalog(spark, root.toString());
        List<Row> rows = List.of(
                // cohort week of 2026-08-31, team M1
                handoff("L1", "A1", "M1", "2026-09-01T14:00:00Z", "2026-09-01T15:00:00Z", null, null,
                        "2026-09-01T14:30:00Z", 0.5, 0.5, "E1", "2026-09-02T15:00:00Z", "Held", "O1",
                        "2026-09-05T10:00:00Z", List.of(), "CORRECT", "2026-09-02T14:00:00Z",
                        "2026-09-01T18:00:00Z", true, true),
                handoff("L2", "A1", "M1", "2026-09-01T16:00:00Z", "2026-09-01T17:00:00Z", null, null,
                        "2026-09-02T14:00:00Z", 22.0, 6.0, "E2", "2026-09-03T15:00:00Z", "No Show", null, null,
                        List.of("why_now", "objections"), "WRONG_POOL", "2026-09-02T16:00:00Z",
                        "2026-09-02T12:00:00Z", true, false),
                // cohort week of 2026-08-31, team M2: rejected, never contacted
                handoff("L3", "A2", "M2", "2026-09-02T14:00:00Z", null, "2026-09-02T15:00:00Z",
                        "2026-09-02T15:00:00Z", null, null, null, null, null, null, null, null,
                        List.of("framework"), "WRONG_OWNER", "2026-09-03T14:00:00Z", "2026-09-02T18:00:00Z",
                        false, false),
                handoff("L4", "A2", "M2", "2026-09-03T14:00:00Z", "2026-09-03T15:00:00Z", null, null,
                        "2026-09-03T17:00:00Z", 3.0, 3.0, "E4", "2026-09-04T15:00:00Z", "Held", null, null,
                        List.of("next_step"), "CORRECT", "2026-09-04T14:00:00Z", "2026-09-03T18:00:00Z", true,
                        true),
                // cohort week of 2026-09-07: no held meeting is past its conversion window yet
                handoff("L5", "A1", "M1", "2026-09-08T14:00:00Z", "2026-09-08T15:00:00Z", null, null,
                        "2026-09-08T15:30:00Z", 1.5, 1.5, "E5", "2026-09-10T15:00:00Z", "Held", null, null,
                        List.of(), "CORRECT", "2026-09-09T14:00:00Z", "2026-09-08T18:00:00Z", true, true),
                handoff("L6", "A1", "M1", "2026-09-10T14:00:00Z", null, null, null, null, null, null, null, null,
                        null, null, null, List.of("routing", "stakeholders"), "UNROUTABLE",
                        "2026-09-11T14:00:00Z", "2026-09-10T18:00:00Z", false, false),
                handoff("L7", "A2", "M2", "2026-09-09T14:00:00Z", "2026-09-09T16:00:00Z", null, null,
                        "2026-09-11T14:00:00Z", 48.0, 16.0, "E7", "2026-09-20T15:00:00Z", null, null, null,
                        List.of("followup_task"), "CORRECT", "2026-09-10T14:00:00Z", "2026-09-09T18:00:00Z", true,
                        false),
                // The case: L9's held meeting is past its conversion window, E5's and E7's are not, so
                // the week's 0 of 1 is not a final rate and the card reads 2026-08-31.
                handoff("L9", "A1", "M1", "2026-09-07T13:00:00Z", "2026-09-08T13:00:00Z", null, null,
                        "2026-09-07T13:30:00Z", 0.5, 0.5, "E9", "2026-09-07T15:00:00Z", "Held", null, null,
                        List.of(), "CORRECT", "2026-09-07T21:00:00Z", "2026-09-07T17:00:00Z", false, true),
                // cohort week of 2026-09-14: contact overdue, acceptance window still open at the as-of time
                handoff("L8", "A2", "M2", "2026-09-16T14:00:00Z", null, null, null, null, null, null, null, null,
                        null, null, null, List.of(), "CORRECT", "2026-09-17T14:00:00Z", "2026-09-16T18:00:00Z",
                        null, false));
        Map<TableRef, Long> published = new HashMap<>();
        WarehouseCatalog.Written fctWritten = catalog.write(Tables.FCT_HANDOFF, spark.createDataFrame(rows, FCT));
        published.put(Tables.FCT_HANDOFF, fctWritten.version());
        Timestamp asOf = Timestamp.from(AS_OF);
        Dataset<Row> outcomes = HandoffOutcomes.build(fctWritten.rows(), asOf, M2O_DAYS).cache();
        Map<TableRef, Dataset<Row>> marts = Map.ofEntries(
                Map.entry(Tables.MART_HANDOFF_FUNNEL, MartHandoffFunnel.build(outcomes)),
                Map.entry(Tables.MART_SLA_COMPLIANCE, MartSlaCompliance.build(outcomes)),
                Map.entry(Tables.MART_SLA_BREACHES_OPEN, MartSlaBreachesOpen.build(outcomes, leads(spark), asOf)),
                Map.entry(Tables.MART_ROUTING_AUDIT, MartRoutingAudit.build(outcomes)),
                Map.entry(Tables.MART_HANDOFF_QUALITY, MartHandoffQuality.build(outcomes)),
                Map.entry(Tables.MART_WEEKLY_METRICS, MartWeeklyMetrics.build(outcomes, asOf)),
                Map.entry(Tables.MART_TEAM_WEEKLY_METRICS, MartWeeklyMetrics.byTeam(outcomes, asOf)),
                Map.entry(Tables.MART_TEAM_METRICS, MartTeamMetrics.build(outcomes, asOf)),
                Map.entry(Tables.MART_HEADLINE, MartHeadline.build(MartWeeklyMetrics.build(outcomes, asOf))),
                Map.entry(Tables.MART_SPEED_DISTRIBUTION, MartSpeedDistribution.build(outcomes, asOf)),
                Map.entry(Tables.MART_CHECKLIST_EFFECT, MartChecklistEffect.build(outcomes, asOf)));
        marts.forEach((table, frame) -> published.put(table, catalog.write(table, frame).version()));
        outcomes.unpersist();

        published.put(Tables.DIM_USER, catalog.write(Tables.DIM_USER, spark.createDataFrame(List.of(
                        RowFactory.create("M1", "Maria <Ops> Lopez", true), RowFactory.create("M2", "Noah Kim", true),
                        RowFactory.create("A1", "Ada Park", true), RowFactory.create("A2", "Ben Ode", true)),
                new StructType().add("user_id", DataTypes.StringType).add("name", DataTypes.StringType)
                        .add("is_current", DataTypes.BooleanType))).version());
        // The dashboard reads what is published, as it does after a build.
        Publication.publish(catalog, published, AS_OF, "dashboard-fixture");
        catalog.replace(Tables.raw(CrmObject.LEAD), spark.createDataFrame(List.of(
                        RowFactory.create("L1", Date.valueOf("2026-09-15")),
                        RowFactory.create("L8", Date.valueOf("2026-09-16"))),
                new StructType().add("lead_id", DataTypes.StringType).add(Tables.SNAPSHOT_DATE, DataTypes.DateType)));
        new RunLog(catalog).finished(List.of(new RunLog.Entry("build-1", "build", LocalDate.of(2026, 9, 16),
                "bronze", Instant.parse("2026-09-17T01:00:00Z"), Instant.parse("2026-09-17T01:05:00Z"),
                RunLog.SUCCEEDED, null, 100L, null, null)));
        appendQuality(catalog, "z-early-run", List.of(check("Success", "Error"), check("Success", "Error")));
        // The dashboard tells runs apart by the age of their files: keep the later run a clear second later.
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appendQuality(catalog, LATE_RUN, List.of(check("Success", "Error"), check("Success", "Warning"),
                check("Failure", "Warning"), check("Failure", "Error")));
        return catalog;
    }

    /** dim_lead's columns the breach list reads: L6 has a company and a person, L8 a company only. */
    private static Dataset<Row> leads(SparkSession spark) {
        return spark.createDataFrame(List.of(RowFactory.create("L6", "Globex <Intl>", "Hank Scorpio"),
                        RowFactory.create("L8", "Initech", null)),
                new StructType().add("lead_id", DataTypes.StringType).add("company", DataTypes.StringType)
                        .add("lead_name", DataTypes.StringType));
    }

    private static String[] check(String status, String level) {
        return new String[] {status, level};
    }

    private static void appendQuality(WarehouseCatalog catalog, String runId, List<String[]> checks) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            rows.add(RowFactory.create(runId, Date.valueOf("2026-09-16"), "mart_handoff_funnel", "check_" + i, null,
                    checks.get(i)[1], checks.get(i)[0], null, null));
        }
        catalog.spark().createDataFrame(rows, QualityResults.SCHEMA).write().format("delta").mode("append")
                .save(catalog.location(Tables.QUALITY_RESULTS));
    }
}
