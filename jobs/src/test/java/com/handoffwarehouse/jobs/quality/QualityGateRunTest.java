package com.handoffwarehouse.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.cli.ExitCode;
import com.handoffwarehouse.jobs.cli.WarehouseCli;
import com.handoffwarehouse.jobs.ingest.IngestJob;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.fixtures.CrmFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code warehouse run} end to end on a tiny org: two good snapshots build the warehouse, then a snapshot with half
 * the leads stops the next run at the bronze gate with exit code 3, bronze and everything published stay as they
 * were, and an operator's explicit acceptance of that date lets it through on the record.
 */
class QualityGateRunTest {
    private static final List<String> GOOD_DAYS = List.of("2026-09-01", "2026-09-02");
    private static final String SHRUNK_DAY = "2026-09-03";
    private static final String ROW_COUNT_FAILURE = "raw_lead 2026-09-03: check 'row count change' failed: row count "
            + "is 4 (previous snapshot 2026-09-02 had 8, ratio 0.5; allowed shrinking by at most 10%); if the extract "
            + "is complete, re-run this date with --accept-volume-change 2026-09-03";

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    /** Every table a build publishes, silver and gold. */
    private static List<TableRef> published() {
        List<TableRef> tables = new ArrayList<>();
        for (CrmObject o : new CrmObject[] {CrmObject.USER, CrmObject.ACCOUNT, CrmObject.LEAD, CrmObject.EVENT,
                CrmObject.TASK, CrmObject.OPPORTUNITY}) {
            tables.add(Tables.stg(o));
        }
        tables.addAll(List.of(Tables.INT_LEAD_HISTORY, Tables.INT_ACCOUNT_HISTORY, Tables.INT_USER_HISTORY,
                Tables.INT_LEAD_TIMELINE, Tables.DIM_USER, Tables.DIM_ACCOUNT, Tables.DIM_DATE, Tables.FCT_HANDOFF,
                Tables.FCT_MEETING, Tables.FCT_OPPORTUNITY_STAGE, Tables.MART_HANDOFF_FUNNEL,
                Tables.MART_SLA_COMPLIANCE, Tables.MART_SLA_BREACHES_OPEN, Tables.MART_ROUTING_AUDIT,
                Tables.MART_HANDOFF_QUALITY, Tables.MART_STAGE_PROGRESSION, Tables.MART_SDR_BOOKING));
        return tables;
    }

    private record Exit(int code, String err) {
    }

    private static Exit warehouse(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = WarehouseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return new Exit(cli.execute(args), err.toString());
    }

    @Test
    void aSnapshotWithHalfTheLeadsStopsTheRunAndNothingPublishedMoves() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        writeSnapshots(spark, snapshots);
        String warehouse = dir.resolve("warehouse").toString();
        WarehouseCatalog catalog = new WarehouseCatalog(spark, warehouse);
        // Eight leads a day is far below the default floor under which a row-count ratio is not judged.
        String config = java.nio.file.Files.writeString(dir.resolve("small.yaml"),
                "quality:\n  row_count:\n    min_previous_rows: 1\n").toString();

        Exit first = warehouse("run", "--snapshots", snapshots.toString(), "--to", GOOD_DAYS.get(1),
                "--warehouse", warehouse, "--config", config);
        assertEquals(0, first.code(), first.err());
        Map<String, Long> before = new LinkedHashMap<>();
        published().forEach(t -> before.put(t.name(), catalog.version(t)));
        assertTrue(before.values().stream().allMatch(v -> v >= 0), before.toString());
        assertTrue(catalog.read(Tables.QUALITY_RESULTS).where(col("table_name").equalTo("mart_sla_compliance"))
                .count() > 0, "the first run recorded its gold checks");

        Exit shrunk = warehouse("run", "--snapshots", snapshots.toString(), "--from", SHRUNK_DAY,
                "--warehouse", warehouse, "--config", config);

        assertEquals(ExitCode.QUALITY_GATE_FAILED.code(), shrunk.code(), shrunk.err());
        assertTrue(shrunk.err().contains(ROW_COUNT_FAILURE), shrunk.err());
        assertTrue(!shrunk.err().contains("\tat "), "no stack trace: " + shrunk.err());
        Map<String, Long> after = new LinkedHashMap<>();
        published().forEach(t -> after.put(t.name(), catalog.version(t)));
        assertEquals(before, after);

        Row failure = catalog.read(Tables.QUALITY_RESULTS).where(col("status").equalTo("Failure")
                .and(col("level").equalTo("Error"))).head();
        assertEquals("raw_lead", failure.getAs("table_name"));
        assertEquals("row count change", failure.getAs("check_name"));
        assertEquals(4.0, (Double) failure.getAs("metric_value"));
        Row logged = catalog.read(Tables.RUN_LOG).where(col("run_id").equalTo(failure.<String>getAs("run_id")))
                .head();
        assertEquals(IngestJob.JOB, logged.getAs("job"));
        assertEquals(RunLog.FAILED, logged.getAs("status"));
        assertEquals(ROW_COUNT_FAILURE, logged.getAs("error_message"));

        assertEquals(0, catalog.read(Tables.raw(CrmObject.LEAD))
                .where(col("snapshot_date").equalTo(java.sql.Date.valueOf(SHRUNK_DAY))).count(),
                "the rejected extract left bronze");
        assertEquals(8, catalog.read(Tables.raw(CrmObject.LEAD))
                .where(col("snapshot_date").equalTo(java.sql.Date.valueOf(GOOD_DAYS.get(1)))).count());

        Exit accepted = warehouse("run", "--snapshots", snapshots.toString(), "--from", SHRUNK_DAY,
                "--accept-volume-change", SHRUNK_DAY, "--warehouse", warehouse, "--config", config);

        assertEquals(0, accepted.code(), accepted.err());
        Row acceptance = catalog.read(Tables.QUALITY_RESULTS).where(col("check_name").equalTo("row count change")
                .and(col("table_name").equalTo("raw_lead")).and(col("status").equalTo("Success"))
                .and(col("snapshot_date").equalTo(java.sql.Date.valueOf(SHRUNK_DAY)))).head();
        assertTrue(acceptance.<String>getAs("message").endsWith("accepted by the operator for this date"),
                acceptance.<String>getAs("message"));
        assertEquals(4, catalog.read(Tables.raw(CrmObject.LEAD))
                .where(col("snapshot_date").equalTo(java.sql.Date.valueOf(SHRUNK_DAY))).count());
        assertTrue(catalog.version(Tables.MART_HANDOFF_FUNNEL) > before.get(Tables.MART_HANDOFF_FUNNEL.name()),
                "the accepted date was built and published");
    }

    /**
     * Eight leads a day, three of them handed off, as CSV snapshot folders; the third day has only the first four.
     */
    private static void writeSnapshots(SparkSession spark, Path root) throws IOException {
        List<String> days = new ArrayList<>(GOOD_DAYS);
        days.add(SHRUNK_DAY);
        CrmFixture f = new CrmFixture(spark);
        for (String[] u : new String[][] {{"ae1", "AE"}, {"ae2", "AE"}, {"sdr1", "SDR"}, {"mgr1", "MANAGER"}}) {
            f.addIn(CrmObject.USER, days, "Id", u[0], "Name", u[0], "IsActive", "true", "Sales_Role__c", u[1],
                    "ManagerId", "mgr1", "Region__c", "NA", "Segment__c", "SMB", "TimeZoneSidKey", "America/New_York");
        }
        f.addIn(CrmObject.ACCOUNT, days, "Id", "acc1", "Name", "Acme", "OwnerId", "ae1", "BillingCountry", "US",
                "NumberOfEmployees", "50", "CreatedDate", "2025-01-01 00:00:00");
        for (int i = 1; i <= 8; i++) {
            String id = "L" + i;
            List<Object> lead = new ArrayList<>(List.of("Id", id, "CreatedDate", "2026-08-25 09:00:00", "OwnerId",
                    "sdr1", "Status", "Working", "LeadSource", "Web", "Company", "Acme " + id, "Country", "US",
                    "NumberOfEmployees", "50", "IsConverted", "false", "SDR_Owner__c", "sdr1", "Intent_Score__c", "50",
                    "Business_Problem__c", "churn", "Why_Now__c", "renewal", "Decision_Maker__c", "CFO",
                    "Use_Case__c", "reporting", "Desired_Outcome__c", "less churn", "Objections__c", "price",
                    "Next_Step__c", "demo", "Budget__c", "50k", "Timeline__c", "Q4"));
            if (i <= 3) {
                lead.addAll(List.of("Handoff_Submitted_At__c", "2026-09-01 1" + i + ":00:00", "Handoff_AE__c",
                        i == 2 ? "ae2" : "ae1", "Handoff_Accepted_At__c", "2026-09-01 1" + i + ":30:00"));
            }
            f.addIn(CrmObject.LEAD, i <= 4 ? days : GOOD_DAYS, lead.toArray());
        }
        f.addIn(CrmObject.EVENT, days, "Id", "ev1", "WhoId", "L3", "OwnerId", "ae1", "CreatedById", "sdr1",
                "CreatedDate", "2026-09-01 09:00:00", "StartDateTime", "2026-09-01 15:00:00", "Type", "Meeting",
                "Meeting_Outcome__c", "Held");
        f.addIn(CrmObject.TASK, days, "Id", "t1", "WhoId", "L1", "OwnerId", "ae1", "CreatedById", "ae1",
                "CreatedDate", "2026-09-01 11:20:00", "CompletedDateTime", "2026-09-01 11:40:00",
                "TaskSubtype", "Call", "Status", "Completed");
        f.addIn(CrmObject.OPPORTUNITY, days, "Id", "opp1", "AccountId", "acc1", "OwnerId", "ae1",
                "CreatedDate", "2026-09-01 16:00:00", "StageName", "Discovery", "IsClosed", "false", "IsWon", "false",
                "Amount", "1000", "CloseDate", "2026-10-30");

        for (CrmObject object : new CrmObject[] {CrmObject.USER, CrmObject.ACCOUNT, CrmObject.LEAD, CrmObject.EVENT,
                CrmObject.TASK, CrmObject.OPPORTUNITY}) {
            List<String> columns = CrmFixture.columns(object).stream().map(CrmColumn::name).toList();
            List<Column> asText = new ArrayList<>();
            asText.add(col("snapshot_date").cast("string"));
            columns.forEach(c -> asText.add(col(c).cast("string")));
            List<Row> rows = f.raw(object).select(asText.toArray(Column[]::new)).collectAsList();
            for (String day : days) {
                List<String> lines = new ArrayList<>(List.of(String.join(",", columns)));
                rows.stream().filter(r -> r.getString(0).equals(day)).forEach(r -> lines.add(IntStream
                        .range(1, r.size()).mapToObj(i -> r.isNullAt(i) ? "" : "\"" + r.getString(i) + "\"")
                        .collect(Collectors.joining(","))));
                Path folder = Files.createDirectories(root.resolve(day));
                Files.write(folder.resolve(object.apiName() + ".csv"), lines);
            }
        }
    }
}
