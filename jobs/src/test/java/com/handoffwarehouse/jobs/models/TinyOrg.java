package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.jobs.build.ModelGraph;
import com.handoffwarehouse.quality.GateResult;
import com.handoffwarehouse.quality.QualityGate;
import com.handoffwarehouse.quality.QualitySuite;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.fixtures.CrmFixture;
import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.intermediate.Territory;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A four-lead org over two snapshots, taken through the real silver and gold builders once per test JVM: three
 * handoffs (one accepted before it was submitted, a contradiction the timeline keeps), a held meeting that led
 * to an opportunity, a follow-up task. The model graph builds it into local checkpoints, so planning the long
 * lineage of the builders again for every check of every test does not cost more than the checks.
 */
final class TinyOrg {
    static final LocalDate AS_OF = LocalDate.parse("2026-09-02");
    private static final List<String> DAYS = List.of("2026-09-01", "2026-09-02");
    private static final Timestamp AS_OF_TS = Timestamp.valueOf("2026-09-02 23:59:59");

    private static TinyOrg built;

    private final Map<String, Dataset<Row>> tables;

    private TinyOrg(Map<String, Dataset<Row>> tables) {
        this.tables = tables;
    }

    static synchronized TinyOrg get() {
        if (built == null) {
            built = build(SharedSpark.session());
        }
        return built;
    }

    private static Object[] lead(String id, Object... extra) {
        Object[] base = {"Id", id, "CreatedDate", "2026-08-25 09:00:00", "OwnerId", "sdr1", "Status", "Working",
                "LeadSource", "Web", "Company", "Acme " + id, "Country", "US", "NumberOfEmployees", "50",
                "IsConverted", "false", "SDR_Owner__c", "sdr1", "Intent_Score__c", "50", "Business_Problem__c", "churn",
                "Why_Now__c", "renewal", "Decision_Maker__c", "CFO", "Use_Case__c", "reporting",
                "Desired_Outcome__c", "less churn", "Objections__c", "price", "Next_Step__c", "demo",
                "Budget__c", "50k", "Timeline__c", "Q4"};
        Object[] all = new Object[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static TinyOrg build(SparkSession spark) {
        CrmFixture f = new CrmFixture(spark);
        for (String[] u : new String[][] {{"ae1", "AE"}, {"ae2", "AE"}, {"sdr1", "SDR"}, {"mgr1", "MANAGER"}}) {
            f.addIn(CrmObject.USER, DAYS, "Id", u[0], "Name", u[0], "IsActive", "true", "Sales_Role__c", u[1],
                    "ManagerId", "mgr1", "Region__c", "NA", "Segment__c", "SMB", "TimeZoneSidKey", "America/New_York");
        }
        f.addIn(CrmObject.ACCOUNT, DAYS, "Id", "acc1", "Name", "Acme", "OwnerId", "ae1", "BillingCountry", "US",
                "NumberOfEmployees", "50", "CreatedDate", "2025-01-01 00:00:00");
        f.addIn(CrmObject.LEAD, DAYS, lead("L1", "Handoff_Submitted_At__c", "2026-09-01 10:00:00",
                "Handoff_AE__c", "ae1", "Handoff_Accepted_At__c", "2026-09-01 11:00:00"));
        f.addIn(CrmObject.LEAD, DAYS, lead("L2", "Handoff_Submitted_At__c", "2026-09-01 14:00:00",
                "Handoff_AE__c", "ae2", "Handoff_Accepted_At__c", "2026-09-01 13:00:00"));
        f.add(CrmObject.LEAD, DAYS.get(0), lead("L3", "Handoff_Submitted_At__c", "2026-09-01 09:30:00",
                "Handoff_AE__c", "ae1", "Handoff_Accepted_At__c", "2026-09-01 09:45:00"));
        f.add(CrmObject.LEAD, DAYS.get(1), lead("L3", "Handoff_Submitted_At__c", "2026-09-01 09:30:00",
                "Handoff_AE__c", "ae1", "Handoff_Accepted_At__c", "2026-09-01 09:45:00", "Status", "Converted",
                "IsConverted", "true", "ConvertedDate", "2026-09-02", "ConvertedAccountId", "acc1",
                "ConvertedOpportunityId", "opp1"));
        f.addIn(CrmObject.LEAD, DAYS, lead("L4"));
        f.addIn(CrmObject.EVENT, DAYS, "Id", "ev1", "WhoId", "L3", "OwnerId", "ae1", "CreatedById", "sdr1",
                "CreatedDate", "2026-09-01 09:00:00", "StartDateTime", "2026-09-01 15:00:00", "Type", "Meeting",
                "Meeting_Outcome__c", "Held");
        f.addIn(CrmObject.TASK, DAYS, "Id", "t1", "WhoId", "L1", "OwnerId", "ae1", "CreatedById", "ae1",
                "CreatedDate", "2026-09-01 10:20:00", "CompletedDateTime", "2026-09-01 10:30:00",
                "TaskSubtype", "Call", "Status", "Completed");
        f.add(CrmObject.OPPORTUNITY, DAYS.get(1), "Id", "opp1", "AccountId", "acc1", "OwnerId", "ae1",
                "CreatedDate", "2026-09-02 10:00:00", "StageName", "Discovery", "IsClosed", "false", "IsWon", "false",
                "Amount", "1000", "CloseDate", "2026-10-30");

        Territory territory = new Territory(Map.of("NA", List.of("US", "CA")), Map.of(),
                List.of(new Territory.Segment("SMB", 199), new Territory.Segment("MID", 999),
                        new Territory.Segment("ENT", null)));
        RoutingRules rules = new RoutingRules(1, List.of(
                new RoutingRules.Rule("account_owner", RoutingRules.Type.ACCOUNT_OWNER, null, null, null, null, null),
                new RoutingRules.Rule("territory_pool", RoutingRules.Type.REGION_SEGMENT_POOL, null, null, null, null,
                        null),
                new RoutingRules.Rule("fallback", RoutingRules.Type.FALLBACK, null, null, null, null, "Unassigned")));
        BuildSettings settings = GraphRun.settings(territory, rules,
                new HandoffChecklist.Spec(List.of("Budget__c", "Decision_Maker__c", "Business_Problem__c",
                        "Timeline__c"), Map.of("routing", 15, "framework", 15, "business_problem", 10, "why_now", 10,
                        "stakeholders", 10, "use_case_outcome", 10, "objections", 10, "next_step", 10,
                        "followup_task", 10), List.of("n/a", "tbd", "unknown")),
                List.of("Web"));
        return new TinyOrg(GraphRun.build(GraphRun.bronze(f), AS_OF_TS, settings));
    }

    Dataset<Row> table(String name) {
        return tables.get(name);
    }

    /**
     * The declared checks of {@code models} on the org's tables, with some tables replaced (a broken copy): the
     * suites the build runs, on data made to fail them.
     */
    GateResult gate(String runId, Map<String, Dataset<Row>> replaced, String... models) {
        ModelGraph graph = new ModelGraph(Models.all());
        Inputs in = new Inputs() {
            @Override
            public Dataset<Row> ref(String name) {
                return replaced.getOrDefault(name, tables.get(name));
            }

            @Override
            public Dataset<Row> source(CrmObject object) {
                throw new IllegalStateException("checks read built tables only");
            }
        };
        List<QualitySuite> suites = new ArrayList<>();
        for (String name : models) {
            Model model = graph.get(name);
            suites.add(new QualitySuite(name, AS_OF, in.ref(name), model.suite().orElseThrow().rules(in)));
        }
        return new QualityGate(runId).run(suites);
    }
}
