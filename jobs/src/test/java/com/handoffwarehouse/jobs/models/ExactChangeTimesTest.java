package com.handoffwarehouse.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.fixtures.CrmFixture;
import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.intermediate.SnapshotHistory;
import com.handoffwarehouse.transforms.intermediate.Territory;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where the exact time of a change comes from when daily snapshots alone would date it at the day's end:
 * the version times of a History Mode source, LeadHistory per field, OpportunityFieldHistory for stages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactChangeTimesTest {
    private static final List<String> DAYS = List.of("2026-09-01", "2026-09-02", "2026-09-03");
    private static final Timestamp AS_OF = Timestamp.valueOf("2026-09-03 23:59:59");

    private final SparkSession spark = SharedSpark.session();
    private Dataset<Row> leadHistory;
    private Dataset<Row> timeline;
    private Dataset<Row> stages;

    private static Object[] lead(String id, String owner, String status) {
        return new Object[] {"Id", id, "CreatedDate", "2026-08-20 09:00:00", "OwnerId", owner, "Status", status,
                "LeadSource", "Web", "Company", "Acme", "Country", "US", "NumberOfEmployees", "50",
                "IsConverted", "false", "Intent_Score__c", "10"};
    }

    /** The version metadata a History Mode source adds, for the rows of (Id, snapshot date) listed. */
    private Dataset<Row> withVersions(Dataset<Row> raw, String[][] versions) {
        List<Row> rows = new ArrayList<>();
        for (String[] v : versions) {
            rows.add(RowFactory.create(v[0], Date.valueOf(v[1]), v[2] == null ? null : Timestamp.valueOf(v[2]),
                    v[3] == null ? null : Timestamp.valueOf(v[3])));
        }
        Dataset<Row> meta = spark.createDataFrame(rows, new StructType().add("v_id", DataTypes.StringType)
                .add("v_date", DataTypes.DateType).add(Bronze.VERSION_START, DataTypes.TimestampType)
                .add(Bronze.DELETED_AT, DataTypes.TimestampType));
        return raw.join(meta, col("Id").equalTo(col("v_id")).and(col("snapshot_date").equalTo(col("v_date"))), "left")
                .drop("v_id", "v_date");
    }

    @BeforeAll
    void build() {
        CrmFixture f = new CrmFixture(spark);
        f.addIn(CrmObject.USER, DAYS, "Id", "ae1", "Name", "ae1", "IsActive", "true", "Sales_Role__c", "AE",
                "ManagerId", "m1", "Region__c", "NA", "Segment__c", "SMB", "TimeZoneSidKey", "America/New_York");
        // V1: History Mode says the day-2 version began at 10:15; V2 was deleted at 08:00 on day 3.
        f.add(CrmObject.LEAD, DAYS.get(0), lead("V1", "sdr1", "Open"));
        f.addIn(CrmObject.LEAD, DAYS.subList(1, 3), lead("V1", "ae1", "Working"));
        f.addIn(CrmObject.LEAD, DAYS.subList(0, 2), lead("V2", "sdr1", "Open"));
        // H1: no version times, but LeadHistory dates the owner change 09:00 and the status change 14:00.
        f.add(CrmObject.LEAD, DAYS.get(0), lead("H1", "sdr1", "Open"));
        f.addIn(CrmObject.LEAD, DAYS.subList(1, 3), lead("H1", "ae1", "Working"));
        f.addIn(CrmObject.LEAD_HISTORY, DAYS.subList(1, 3), "LeadId", "H1", "Field", "Owner", "OldValue", "sdr1",
                "NewValue", "ae1", "CreatedDate", "2026-09-02 09:00:00");
        f.addIn(CrmObject.LEAD_HISTORY, DAYS.subList(1, 3), "LeadId", "H1", "Field", "Owner", "OldValue", "Sam SDR",
                "NewValue", "Ann AE", "CreatedDate", "2026-09-02 09:00:00");
        f.addIn(CrmObject.LEAD_HISTORY, DAYS.subList(1, 3), "LeadId", "H1", "Field", "Status", "OldValue", "Open",
                "NewValue", "Working", "CreatedDate", "2026-09-02 14:00:00");
        // D1: only snapshots, so its owner change stays dated at the end of day 2.
        f.add(CrmObject.LEAD, DAYS.get(0), lead("D1", "sdr1", "Open"));
        f.addIn(CrmObject.LEAD, DAYS.subList(1, 3), lead("D1", "ae1", "Open"));
        Dataset<Row> rawLead = withVersions(f.raw(CrmObject.LEAD), new String[][] {
                {"V1", "2026-09-01", "2026-08-20 09:00:00", null},
                {"V1", "2026-09-02", "2026-09-02 10:15:00", null},
                {"V1", "2026-09-03", "2026-09-02 10:15:00", null},
                {"V2", "2026-09-01", "2026-08-20 09:00:00", "2026-09-03 08:00:00"},
                {"V2", "2026-09-02", "2026-08-20 09:00:00", "2026-09-03 08:00:00"}});

        // E1 is moved on day 2 at 16:30 (a History Mode version); E2's move is seen only by the snapshots.
        for (String[] e : new String[][] {{"E1", "2026-09-01", "2026-09-05 10:00:00"},
                {"E1", "2026-09-02", "2026-09-06 10:00:00"}, {"E1", "2026-09-03", "2026-09-06 10:00:00"},
                {"E2", "2026-09-01", "2026-09-05 11:00:00"}, {"E2", "2026-09-02", "2026-09-07 11:00:00"}}) {
            f.add(CrmObject.EVENT, e[1], "Id", e[0], "WhoId", "D1", "OwnerId", "ae1", "CreatedById", "sdr1",
                    "CreatedDate", "2026-08-30 09:00:00", "StartDateTime", e[2], "Type", "Meeting");
        }
        Dataset<Row> rawEvent = withVersions(f.raw(CrmObject.EVENT), new String[][] {
                {"E1", "2026-09-02", "2026-09-02 16:30:00", null}, {"E1", "2026-09-03", "2026-09-02 16:30:00", null}});

        // O1: field history dates its stage change 11:00, before a later edit (17:00) started the version shown.
        // O2: only the version start (13:00). O3: nothing but snapshots.
        for (String[] o : new String[][] {{"O1", "2026-09-01", "Discovery"}, {"O1", "2026-09-02", "Proposal"},
                {"O2", "2026-09-01", "Discovery"}, {"O2", "2026-09-02", "Negotiation"},
                {"O3", "2026-09-01", "Discovery"}, {"O3", "2026-09-02", "Proposal"}}) {
            f.add(CrmObject.OPPORTUNITY, o[1], "Id", o[0], "AccountId", "a1", "OwnerId", "ae1",
                    "CreatedDate", "2026-08-31 09:00:00", "StageName", o[2], "IsClosed", "false", "IsWon", "false");
        }
        f.add(CrmObject.OPPORTUNITY_FIELD_HISTORY, "2026-09-02", "OpportunityId", "O1", "Field", "StageName",
                "OldValue", "Discovery", "NewValue", "Proposal", "CreatedDate", "2026-09-02 11:00:00");
        Dataset<Row> rawOpportunity = withVersions(f.raw(CrmObject.OPPORTUNITY), new String[][] {
                {"O1", "2026-09-02", "2026-09-02 17:00:00", null}, {"O2", "2026-09-02", "2026-09-02 13:00:00", null}});

        Map<CrmObject, Dataset<Row>> bronze = GraphRun.bronze(f);
        bronze.put(CrmObject.LEAD, rawLead);
        bronze.put(CrmObject.EVENT, rawEvent);
        bronze.put(CrmObject.OPPORTUNITY, rawOpportunity);
        Map<String, Dataset<Row>> tables = GraphRun.build(bronze, AS_OF, GraphRun.settings(
                new Territory(Map.of("NA", List.of("US")), Map.of(), List.of(new Territory.Segment("SMB", 199),
                        new Territory.Segment("ENT", null))),
                new RoutingRules(1, List.of(new RoutingRules.Rule("fallback", RoutingRules.Type.FALLBACK, null, null,
                        null, null, "Unassigned"))),
                new HandoffChecklist.Spec(List.of("Budget__c"), Map.of("routing", 20, "framework", 10,
                        "business_problem", 10, "why_now", 10, "stakeholders", 10, "use_case_outcome", 10,
                        "objections", 10, "next_step", 10, "followup_task", 10), List.of("n/a")),
                List.of("Web")));
        leadHistory = tables.get(TableNames.INT_LEAD_HISTORY);
        stages = tables.get(TableNames.FCT_OPPORTUNITY_STAGE);
        timeline = tables.get(TableNames.INT_LEAD_TIMELINE);
    }

    private Row version(String lead, int versionNo) {
        return leadHistory.filter(col("lead_id").equalTo(lead).and(col("version_no").equalTo(versionNo))).head();
    }

    private Row event(String lead, String type) {
        List<Row> rows = timeline.filter(col("lead_id").equalTo(lead).and(col("event_type").equalTo(type)))
                .collectAsList();
        assertEquals(1, rows.size(), lead + " " + type + ": " + rows);
        return rows.get(0);
    }

    private Row stage(String opportunity, String name) {
        return stages.filter(col("opportunity_id").equalTo(opportunity).and(col("stage").equalTo(name))).head();
    }

    @Test
    void aHistoryModeVersionStartsWhenTheRecordReachedTheStateTheSnapshotShows() {
        Row v = version("V1", 2);
        assertEquals(Timestamp.valueOf("2026-09-02 10:15:00"), v.getAs("valid_from"));
        assertEquals("history", v.getAs("change_source"));
        assertEquals(Timestamp.valueOf("2026-09-02 10:15:00"), version("V1", 1).getAs("valid_to"));
        Row owner = event("V1", "OWNER_CHANGED");
        assertEquals(Timestamp.valueOf("2026-09-02 10:15:00"), owner.getAs("event_ts"));
        assertEquals(false, owner.getAs("ts_inferred"));
    }

    @Test
    void aKnownDeletionTimeDatesTheDeletion() {
        Row v = version("V2", 1);
        assertEquals(Timestamp.valueOf("2026-09-03 08:00:00"), v.getAs("deleted_at"));
        assertEquals(Timestamp.valueOf("2026-09-03 08:00:00"), v.getAs("valid_to"));
        assertEquals("history", v.getAs(SnapshotHistory.DELETED_SOURCE));
        Row deleted = event("V2", "LEAD_DELETED");
        assertEquals(Timestamp.valueOf("2026-09-03 08:00:00"), deleted.getAs("event_ts"));
        assertEquals(false, deleted.getAs("ts_inferred"));
    }

    @Test
    void leadHistoryDatesEachFieldByItsOwnRow() {
        assertEquals(Timestamp.valueOf("2026-09-02 14:00:00"), version("H1", 2).getAs("valid_from"));
        Row owner = event("H1", "OWNER_CHANGED");
        assertEquals(Timestamp.valueOf("2026-09-02 09:00:00"), owner.getAs("event_ts"));
        assertEquals("history", owner.getAs("source"));
        assertEquals(Timestamp.valueOf("2026-09-02 14:00:00"), event("H1", "STATUS_CHANGED").getAs("event_ts"));
    }

    @Test
    void withoutExactTimesAChangeStaysAtTheSnapshotThatShowsIt() {
        Row owner = event("D1", "OWNER_CHANGED");
        assertEquals(Timestamp.valueOf("2026-09-02 23:59:59"), owner.getAs("event_ts"));
        assertEquals(true, owner.getAs("ts_inferred"));
        Row moved = timeline.filter(col("event_type").equalTo("MEETING_RESCHEDULED")
                .and(col("attributes").getItem("meeting_id").equalTo("E2"))).head();
        assertEquals(Timestamp.valueOf("2026-09-02 23:59:59"), moved.getAs("event_ts"));
        assertEquals("diff", moved.getAs("source"));
        assertEquals(Timestamp.valueOf("2026-09-02 23:59:59"), stage("O3", "Proposal").getAs("entered_at"));
        assertEquals("diff", stage("O3", "Proposal").getAs("source"));
    }

    @Test
    void aRescheduleIsDatedByTheEventVersion() {
        Row moved = timeline.filter(col("event_type").equalTo("MEETING_RESCHEDULED")
                .and(col("attributes").getItem("meeting_id").equalTo("E1"))).head();
        assertEquals(Timestamp.valueOf("2026-09-02 16:30:00"), moved.getAs("event_ts"));
        assertEquals("history", moved.getAs("source"));
    }

    @Test
    void stageChangesUseTheFieldHistoryBeforeTheVersionStart() {
        assertEquals(Timestamp.valueOf("2026-09-02 11:00:00"), stage("O1", "Proposal").getAs("entered_at"));
        assertEquals("history", stage("O1", "Proposal").getAs("source"));
        assertEquals(Timestamp.valueOf("2026-09-02 11:00:00"), stage("O1", "Discovery").getAs("exited_at"));
        assertEquals(Timestamp.valueOf("2026-09-02 13:00:00"), stage("O2", "Negotiation").getAs("entered_at"));
        assertEquals("history", stage("O2", "Negotiation").getAs("source"));
    }
}
