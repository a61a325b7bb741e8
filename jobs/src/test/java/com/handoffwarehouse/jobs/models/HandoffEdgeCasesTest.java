package com.handoffwarehouse.jobs.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.fixtures.CrmFixture;
import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.intermediate.Territory;
import com.handoffwarehouse.transforms.marts.RoutingBacktest;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One hand-built org, one lead per edge case of issue 3, through histories, fct_handoff and the timeline. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoffEdgeCasesTest {
    private static final List<String> ALL_DAYS = List.of("2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04",
            "2026-09-05", "2026-09-06");

    private final SparkSession spark = SharedSpark.session();
    private Map<String, Row> handoffs;
    private Dataset<Row> fctHandoff;
    private Dataset<Row> accountHistory;
    private Dataset<Row> userHistory;
    private RoutingRules defaultRules;
    private List<Row> timeline;

    private static Object[] lead(String id, Object... overrides) {
        Object[] base = {"Id", id, "CreatedDate", "2026-08-25 09:00:00", "OwnerId", "sdr1", "Status", "Handed Off",
                "LeadSource", "Web", "Company", "Acme " + id, "Country", "US", "NumberOfEmployees", "50",
                "IsConverted", "false", "SDR_Owner__c", "sdr1", "Intent_Score__c", "50",
                "Business_Problem__c", "churn", "Why_Now__c", "renewal", "Decision_Maker__c", "CFO",
                "Use_Case__c", "reporting", "Desired_Outcome__c", "less churn", "Objections__c", "price",
                "Next_Step__c", "demo", "Budget__c", "50k", "Timeline__c", "Q4"};
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < base.length; i += 2) {
            m.put((String) base[i], base[i + 1]);
        }
        for (int i = 0; i < overrides.length; i += 2) {
            m.put((String) overrides[i], overrides[i + 1]);
        }
        List<Object> out = new java.util.ArrayList<>();
        m.forEach((k, v) -> {
            out.add(k);
            out.add(v);
        });
        return out.toArray();
    }

    @BeforeAll
    void build() {
        CrmFixture f = new CrmFixture(spark);
        for (String[] u : new String[][] {{"ae1", "AE", "NA", "SMB"}, {"ae2", "AE", "NA", "SMB"},
                {"ae3", "AE", "EMEA", "ENT"}, {"sdr1", "SDR", "NA", "SMB"}, {"mgr1", "MANAGER", "NA", "SMB"}}) {
            f.addIn(CrmObject.USER, ALL_DAYS, "Id", u[0], "Name", u[0], "IsActive", "true", "Sales_Role__c", u[1],
                    "ManagerId", "mgr1", "Region__c", u[2], "Segment__c", u[3], "TimeZoneSidKey", "America/New_York");
        }
        // The account changes hands after L3's handoff: routing must use the owner at handoff time.
        f.addIn(CrmObject.ACCOUNT, ALL_DAYS.subList(0, 3), "Id", "acc1", "Name", "Acme", "OwnerId", "ae3",
                "BillingCountry", "DE", "NumberOfEmployees", "5000", "CreatedDate", "2025-01-01 00:00:00");
        f.addIn(CrmObject.ACCOUNT, ALL_DAYS.subList(3, 6), "Id", "acc1", "Name", "Acme", "OwnerId", "ae1",
                "BillingCountry", "DE", "NumberOfEmployees", "5000", "CreatedDate", "2025-01-01 00:00:00");

        // L1: rejected, then re-handed two days later to another AE.
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(0, 1), lead("L1", "Handoff_Submitted_At__c", "2026-09-01 10:00:00",
                "Handoff_AE__c", "ae1"));
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(1, 3), lead("L1", "Handoff_Submitted_At__c", "2026-09-01 10:00:00",
                "Handoff_AE__c", "ae1", "Handoff_Rejected_At__c", "2026-09-02 12:00:00", "Status", "Recycled"));
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(3, 6), lead("L1", "Handoff_Submitted_At__c", "2026-09-04 09:00:00",
                "Handoff_AE__c", "ae2", "Handoff_Accepted_At__c", "2026-09-04 11:00:00"));
        // L2: owner ping-pong after submission, ae1 -> ae2 -> ae1.
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(0, 1), lead("L2", "Handoff_Submitted_At__c", "2026-09-01 11:00:00",
                "Handoff_AE__c", "ae1"));
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(1, 2), lead("L2", "Handoff_Submitted_At__c", "2026-09-01 11:00:00",
                "Handoff_AE__c", "ae2"));
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(2, 6), lead("L2", "Handoff_Submitted_At__c", "2026-09-01 11:00:00",
                "Handoff_AE__c", "ae1"));
        // L3: matched to acc1, owned by ae3 when handed over.
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(1, 6), lead("L3", "Handoff_Submitted_At__c", "2026-09-02 15:00:00",
                "Handoff_AE__c", "ae3", "Matched_Account__c", "acc1"));
        // L4: accepted before it was submitted.
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(1, 6), lead("L4", "Handoff_Submitted_At__c", "2026-09-02 10:00:00",
                "Handoff_AE__c", "ae1", "Handoff_Accepted_At__c", "2026-09-02 09:00:00"));
        // L5: deleted after the third snapshot.
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(0, 3), lead("L5", "Status", "Open"));
        // L6: a status change with no timestamp of its own.
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(0, 1), lead("L6", "Status", "Open"));
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(1, 6), lead("L6", "Status", "Working"));
        // L7: placeholders in the notes, an explicit "Unknown" decision maker, a fast follow-up task.
        f.addIn(CrmObject.LEAD, ALL_DAYS.subList(2, 6), lead("L7", "Handoff_Submitted_At__c", "2026-09-03 14:00:00",
                "Handoff_AE__c", "ae2", "Budget__c", "n/a", "Timeline__c", " TBD ", "Decision_Maker__c", "Unknown",
                "Why_Now__c", "", "Use_Case__c", "x"));
        // Notes filled in only later do not count: the checklist judges the first snapshot with the submission.
        f.addIn(CrmObject.TASK, ALL_DAYS.subList(2, 6), "Id", "t7", "WhoId", "L7", "OwnerId", "ae2",
                "CreatedById", "ae2", "CreatedDate", "2026-09-03 14:40:00", "CompletedDateTime", "2026-09-03 15:00:00",
                "TaskSubtype", "Call", "Status", "Completed");
        f.addIn(CrmObject.TASK, ALL_DAYS.subList(3, 6), "Id", "t1", "WhoId", "L1", "OwnerId", "ae2",
                "CreatedById", "ae2", "CreatedDate", "2026-09-04 09:30:00", "CompletedDateTime", "2026-09-04 13:00:00",
                "TaskSubtype", "Email", "Status", "Completed");

        RoutingRules rules = new RoutingRules(1, List.of(
                new RoutingRules.Rule("account_owner", RoutingRules.Type.ACCOUNT_OWNER, null, null, null, null, null),
                new RoutingRules.Rule("territory_pool", RoutingRules.Type.REGION_SEGMENT_POOL, null, null, null, null, null),
                new RoutingRules.Rule("fallback", RoutingRules.Type.FALLBACK, null, null, null, null, "Unassigned")));
        BuildSettings settings = GraphRun.settings(
                new Territory(Map.of("NA", List.of("US", "CA"), "EMEA", List.of("DE")), Map.of(),
                        List.of(new Territory.Segment("SMB", 199), new Territory.Segment("MID", 999),
                                new Territory.Segment("ENT", null))),
                rules,
                new HandoffChecklist.Spec(List.of("Budget__c", "Decision_Maker__c", "Business_Problem__c", "Timeline__c"),
                        Map.of("routing", 15, "framework", 15, "business_problem", 10, "why_now", 10,
                                "stakeholders", 10, "use_case_outcome", 10, "objections", 10, "next_step", 10,
                                "followup_task", 10),
                        List.of("n/a", "na", "tbd", "-", "?", ".", "x", "test", "asdf", "none", "null", "unknown")),
                List.of("Web"));
        Map<String, Dataset<Row>> tables = GraphRun.build(GraphRun.bronze(f), Timestamp.valueOf("2026-09-06 23:59:59"),
                settings);
        fctHandoff = tables.get(TableNames.FCT_HANDOFF);
        accountHistory = tables.get(TableNames.INT_ACCOUNT_HISTORY);
        userHistory = tables.get(TableNames.INT_USER_HISTORY);
        defaultRules = rules;
        handoffs = new java.util.HashMap<>();
        for (Row r : fctHandoff.collectAsList()) {
            handoffs.put(r.getAs("lead_id") + "#" + r.getAs("handoff_seq"), r);
        }
        timeline = tables.get(TableNames.INT_LEAD_TIMELINE).collectAsList();
    }

    private Row handoff(String lead, int seq) {
        Row r = handoffs.get(lead + "#" + seq);
        assertTrue(r != null, "no handoff " + lead + "#" + seq + " in " + handoffs.keySet());
        return r;
    }

    private List<Row> events(String lead, String type) {
        return timeline.stream().filter(r -> r.getAs("lead_id").equals(lead) && r.getAs("event_type").equals(type))
                .toList();
    }

    @Test
    void aReHandoffAfterRejectionIsASecondHandoff() {
        assertEquals(6, handoffs.size(), handoffs.keySet().toString());
        Row first = handoff("L1", 1);
        Row second = handoff("L1", 2);
        assertEquals(Timestamp.valueOf("2026-09-02 12:00:00"), first.getAs("rejected_at"));
        assertEquals(Timestamp.valueOf("2026-09-02 12:00:00"), first.getAs("window_end"));
        assertNull(first.getAs("accepted_at"));
        assertEquals("ae2", second.getAs("ae_id"));
        assertEquals(Timestamp.valueOf("2026-09-04 11:00:00"), second.getAs("accepted_at"));
        assertEquals(Timestamp.valueOf("2026-09-04 13:00:00"), second.getAs("first_contact_at"));
        assertNull(first.getAs("first_contact_at"));
        assertEquals(List.of(1, 2), events("L1", "HANDOFF_SUBMITTED").stream()
                .map(r -> (Integer) r.getAs("handoff_seq")).sorted().toList());
    }

    @Test
    void ownerPingPongCountsEveryReassignment() {
        Row r = handoff("L2", 1);
        assertEquals(2, (int) r.getAs("reassignments"));
        assertEquals("ae1", r.getAs("ae_id"));
        assertEquals("ae1", r.getAs("current_ae_id"));
    }

    @Test
    void routingUsesTheAccountOwnerAtHandoffTime() {
        Row r = handoff("L3", 1);
        assertEquals("ae3", r.getAs("account_owner_id"));
        assertEquals("ae3", r.getAs("expected_ae_id"));
        assertEquals("account_owner", r.getAs("routing_rule"));
        assertEquals("CORRECT", r.getAs("routing_verdict"));
        Row pooled = handoff("L2", 1);
        assertEquals("territory_pool", pooled.getAs("routing_rule"));
        assertEquals(List.of("ae1", "ae2"), pooled.getList(pooled.fieldIndex("expected_pool")));
        assertEquals("CORRECT", pooled.getAs("routing_verdict"));
    }

    @Test
    void acceptanceBeforeSubmissionIsKeptAndFlagged() {
        Row r = handoff("L4", 1);
        assertEquals(Timestamp.valueOf("2026-09-02 09:00:00"), r.getAs("accepted_at"));
        assertEquals("accepted_before_submitted", r.getAs("data_issue"));
        assertEquals("accepted_before_submitted", events("L4", "HANDOFF_ACCEPTED").get(0).getAs("data_issue"));
    }

    @Test
    void aLeadThatVanishesGetsLeadDeleted() {
        List<Row> deleted = events("L5", "LEAD_DELETED");
        assertEquals(1, deleted.size());
        assertEquals(Timestamp.valueOf("2026-09-04 23:59:59"), deleted.get(0).getAs("event_ts"));
        assertEquals(true, deleted.get(0).getAs("ts_inferred"));
    }

    @Test
    void aChangeSeenOnlyByDiffIsDatedAtTheSnapshotAndMarkedInferred() {
        List<Row> changes = events("L6", "STATUS_CHANGED");
        assertEquals(1, changes.size());
        Row r = changes.get(0);
        assertEquals(Timestamp.valueOf("2026-09-02 23:59:59"), r.getAs("event_ts"));
        assertEquals("diff", r.getAs("source"));
        assertEquals(true, r.getAs("ts_inferred"));
        assertEquals("Working", r.getJavaMap(r.fieldIndex("attributes")).get("new_status"));
        Row created = events("L6", "LEAD_CREATED").get(0);
        assertEquals(false, created.getAs("ts_inferred"));
        assertEquals(Timestamp.valueOf("2026-08-25 09:00:00"), created.getAs("event_ts"));
    }

    @Test
    void placeholdersAreMissingAndUnknownStakeholdersAreNot() {
        Row r = handoff("L7", 1);
        assertEquals(List.of("framework", "why_now", "use_case_outcome"), r.getList(r.fieldIndex("missing_items")));
        assertEquals(65, (int) r.getAs("completeness_score"));
        Row complete = handoff("L2", 1);
        assertEquals(List.of("followup_task"), complete.getList(complete.fieldIndex("missing_items")));
        assertEquals(90, (int) complete.getAs("completeness_score"));
    }

    @Test
    void aBacktestWithTheSameRulesMovesNothingAndWithoutTheOwnerRuleMovesTheMatchedLead() {
        List<Row> same = RoutingBacktest.replay(fctHandoff, accountHistory, userHistory, defaultRules)
                .filter("changed").collectAsList();
        assertEquals(List.of(), same);
        RoutingRules withoutOwner = new RoutingRules(2, defaultRules.rules().subList(1, 3));
        List<Row> moved = RoutingBacktest.replay(fctHandoff, accountHistory, userHistory, withoutOwner)
                .filter("changed").collectAsList();
        assertEquals(1, moved.size());
        Row l3 = moved.get(0);
        assertEquals("L3", l3.getAs("lead_id"));
        assertEquals("account_owner", l3.getAs("current_rule"));
        assertEquals("territory_pool", l3.getAs("candidate_rule"));
        assertEquals("WRONG_POOL", l3.getAs("candidate_verdict"));
        Row byRule = RoutingBacktest.summary(RoutingBacktest.replay(fctHandoff, accountHistory, userHistory,
                withoutOwner), "current_rule", "candidate_rule").filter("current_rule = 'account_owner'").head();
        assertEquals(1L, (long) byRule.getAs("changed"));
        assertEquals(1L, (long) byRule.getAs("correct_now"));
        assertEquals(0L, (long) byRule.getAs("correct_candidate"));
    }
}
