package com.handoffwarehouse.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.fixtures.CrmFixture;
import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.intermediate.Territory;
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

/** Metric edges of DESIGN section 5 on a hand-built org: censoring, reschedules, stalls, open breaches. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricEdgeCasesTest {
    private static final List<String> DAYS = List.of("2026-09-07", "2026-09-08", "2026-09-09");
    private static final Timestamp AS_OF = Timestamp.valueOf("2026-09-09 23:59:59");

    private final SparkSession spark = SharedSpark.session();
    private Map<String, Dataset<Row>> tables;
    private Dataset<Row> fct;
    private Dataset<Row> meetings;
    private Dataset<Row> stages;

    private static Object[] lead(String id, String submitted, String accepted) {
        return new Object[] {"Id", id, "CreatedDate", "2026-09-01 09:00:00", "OwnerId", "sdr1", "Status", "Handed Off",
                "LeadSource", "Web", "Company", id, "Country", "US", "NumberOfEmployees", "40", "IsConverted", "false",
                "SDR_Owner__c", "sdr1", "Intent_Score__c", "10", "Handoff_Submitted_At__c", submitted,
                "Handoff_AE__c", "ae1", "Handoff_Accepted_At__c", accepted, "Business_Problem__c", "p",
                "Why_Now__c", "w", "Decision_Maker__c", "d", "Use_Case__c", "u", "Desired_Outcome__c", "o",
                "Objections__c", "o", "Next_Step__c", "n", "Budget__c", "b", "Timeline__c", "t"};
    }

    @BeforeAll
    void build() {
        CrmFixture f = new CrmFixture(spark);
        for (String[] u : new String[][] {{"ae1", "AE"}, {"sdr1", "SDR"}, {"mgr1", "MANAGER"}}) {
            f.addIn(CrmObject.USER, DAYS, "Id", u[0], "Name", u[0], "IsActive", "true", "Sales_Role__c", u[1],
                    "ManagerId", "mgr1", "Region__c", "NA", "Segment__c", "SMB", "TimeZoneSidKey", "America/New_York");
        }
        // C1: submitted Wednesday 18:00 in New York, accepted at once; its 8 business hours end Thursday.
        f.add(CrmObject.LEAD, "2026-09-09", lead("C1", "2026-09-09 22:00:00", "2026-09-09 22:30:00"));
        // C2: submitted Monday 10:00 New York, accepted within the hour.
        f.addIn(CrmObject.LEAD, DAYS, lead("C2", "2026-09-07 14:00:00", "2026-09-07 15:00:00"));
        // C3: submitted with C2, never accepted: due Tuesday 10:00 New York, an open breach since.
        f.addIn(CrmObject.LEAD, DAYS, lead("C3", "2026-09-07 14:00:00", null));
        Object[] meeting = {"Id", "m1", "WhoId", "C2", "OwnerId", "ae1", "CreatedById", "sdr1",
                "CreatedDate", "2026-09-07 12:00:00", "Type", "Meeting"};
        f.add(CrmObject.EVENT, "2026-09-07", concat(meeting, "StartDateTime", "2026-09-08 15:00:00",
                "Meeting_Outcome__c", null));
        f.add(CrmObject.EVENT, "2026-09-08", concat(meeting, "StartDateTime", "2026-09-09 15:00:00",
                "Meeting_Outcome__c", "Rescheduled"));
        f.add(CrmObject.EVENT, "2026-09-09", concat(meeting, "StartDateTime", "2026-09-09 15:00:00",
                "Meeting_Outcome__c", "Held"));
        f.addIn(CrmObject.OPPORTUNITY, DAYS, "Id", "o1", "AccountId", "a1", "OwnerId", "ae1",
                "CreatedDate", "2026-08-01 10:00:00", "StageName", "Prospecting", "IsClosed", "false",
                "IsWon", "false", "Amount", "1000", "CloseDate", "2026-10-01");

        BuildSettings settings = GraphRun.settings(
                new Territory(Map.of("NA", List.of("US")), Map.of(), List.of(new Territory.Segment("SMB", 199),
                        new Territory.Segment("ENT", null))),
                new RoutingRules(1, List.of(new RoutingRules.Rule("pool", RoutingRules.Type.REGION_SEGMENT_POOL,
                        null, null, null, null, null))),
                new HandoffChecklist.Spec(List.of("Budget__c"), Map.of("routing", 20, "framework", 10,
                        "business_problem", 10, "why_now", 10, "stakeholders", 10, "use_case_outcome", 10,
                        "objections", 10, "next_step", 10, "followup_task", 10), List.of("n/a")),
                List.of("Web"));
        tables = GraphRun.build(GraphRun.bronze(f), AS_OF, settings);
        fct = tables.get(TableNames.FCT_HANDOFF);
        meetings = tables.get(TableNames.FCT_MEETING);
        stages = tables.get(TableNames.FCT_OPPORTUNITY_STAGE);
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Row handoff(String lead) {
        return fct.filter(col("lead_id").equalTo(lead)).head();
    }

    @Test
    void aHandoffWhoseWindowHasNotElapsedIsNeitherMetNorBreached() {
        Row c1 = handoff("C1");
        assertNull(c1.getAs("sla_accept_met"), "an early acceptance still waits for its window");
        assertEquals(Timestamp.valueOf("2026-09-10 21:00:00"), c1.getAs("accept_due_at"));
        assertEquals(Boolean.TRUE, handoff("C2").getAs("sla_accept_met"));
        assertEquals(Boolean.FALSE, handoff("C3").getAs("sla_accept_met"));
        Row funnel = tables.get(TableNames.MART_HANDOFF_FUNNEL).agg(sum("handoffs"), sum("acceptance_eligible"),
                sum("accepted_in_sla")).head();
        assertEquals(3L, funnel.getLong(0));
        assertEquals(2L, funnel.getLong(1));
        assertEquals(1L, funnel.getLong(2));
        Row rates = tables.get(TableNames.MART_SLA_COMPLIANCE).head();
        assertEquals(0.5, rates.<Double>getAs("acceptance_rate"), 1e-12);
    }

    @Test
    void businessHoursSkipTheNightInTheAesZone() {
        Row c2 = handoff("C2");
        assertEquals(1.0, c2.<Double>getAs("hours_to_accept"), 1e-9);
        assertEquals(1.0, c2.<Double>getAs("business_hours_to_accept"), 1e-9);
        assertEquals(Timestamp.valueOf("2026-09-08 14:00:00"), c2.getAs("accept_due_at"));
        assertEquals(java.sql.Date.valueOf("2026-09-07"), c2.getAs("cohort_date"));
    }

    @Test
    void anOpenBreachNamesTheManagerAndItsOverdueHours() {
        List<Row> breaches = tables.get(TableNames.MART_SLA_BREACHES_OPEN).collectAsList();
        List<Row> acceptance = breaches.stream().filter(r -> r.getAs("breach").equals("ACCEPTANCE")).toList();
        assertEquals(1, acceptance.size());
        Row c3 = acceptance.get(0);
        assertEquals("C3", c3.getAs("lead_id"));
        assertEquals("mgr1", c3.getAs("manager_id"));
        assertEquals((AS_OF.getTime() - Timestamp.valueOf("2026-09-08 14:00:00").getTime()) / 3_600_000.0,
                c3.<Double>getAs("hours_overdue"), 1e-9);
        assertTrue(breaches.stream().noneMatch(r -> r.getAs("lead_id").equals("C1")));
    }

    @Test
    void aRescheduledThenHeldMeetingCountsOnce() {
        List<Row> all = meetings.collectAsList();
        assertEquals(1, all.size());
        Row m = all.get(0);
        assertEquals("Held", m.getAs("final_outcome"));
        assertEquals(1L, (long) m.getAs("reschedules"));
        assertEquals(Timestamp.valueOf("2026-09-09 15:00:00"), m.getAs("start_at"));
        Row funnel = tables.get(TableNames.MART_HANDOFF_FUNNEL).agg(sum("meetings_due"), sum("meetings_held")).head();
        assertEquals(1L, funnel.getLong(0));
        assertEquals(1L, funnel.getLong(1));
    }

    @Test
    void anOpenOpportunityWithoutAChangeForThirtyDaysIsStalled() {
        Row prospecting = stages.head();
        assertEquals(Boolean.TRUE, prospecting.getAs("is_stalled"));
        Row mart = tables.get(TableNames.MART_STAGE_PROGRESSION).head();
        assertEquals("Prospecting", mart.getAs("stage"));
        assertEquals(1L, (long) mart.getAs("entered"));
        assertEquals(1L, (long) mart.getAs("stalled_open"));
    }
}
