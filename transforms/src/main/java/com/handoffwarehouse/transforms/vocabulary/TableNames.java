package com.handoffwarehouse.transforms.vocabulary;

import com.handoffwarehouse.transforms.crm.CrmObject;

/**
 * The names of the tables that code refers to across layers (DESIGN section 2, dbt's prefixes: raw_ and
 * quarantine_ bronze, stg_ and int_ silver, dim_, fct_ and mart_ gold). A table nobody else reads is named only
 * in its own model declaration.
 */
public final class TableNames {
    public static final String INT_LEAD_HISTORY = "int_lead_history";
    public static final String INT_ACCOUNT_HISTORY = "int_account_history";
    public static final String INT_USER_HISTORY = "int_user_history";
    public static final String INT_EVENT_HISTORY = "int_event_history";
    public static final String INT_OPPORTUNITY_HISTORY = "int_opportunity_history";
    public static final String INT_MEETING = "int_meeting";
    public static final String INT_OPPORTUNITY_STAGE = "int_opportunity_stage";
    public static final String INT_HANDOFF = "int_handoff";
    public static final String INT_LEAD = "int_lead";
    public static final String INT_LEAD_TIMELINE = "int_lead_timeline";

    public static final String DIM_USER = "dim_user";
    public static final String DIM_ACCOUNT = "dim_account";
    public static final String DIM_LEAD = "dim_lead";
    public static final String DIM_DATE = "dim_date";
    public static final String FCT_HANDOFF = "fct_handoff";
    public static final String FCT_MEETING = "fct_meeting";
    public static final String FCT_OPPORTUNITY_STAGE = "fct_opportunity_stage";
    public static final String MART_HANDOFF_FUNNEL = "mart_handoff_funnel";
    public static final String MART_SLA_COMPLIANCE = "mart_sla_compliance";
    public static final String MART_SLA_BREACHES_OPEN = "mart_sla_breaches_open";
    public static final String MART_ROUTING_AUDIT = "mart_routing_audit";
    public static final String MART_HANDOFF_QUALITY = "mart_handoff_quality";
    public static final String MART_STAGE_PROGRESSION = "mart_stage_progression";
    public static final String MART_SDR_BOOKING = "mart_sdr_booking";
    public static final String MART_WEEKLY_METRICS = "mart_weekly_metrics";
    public static final String MART_TEAM_WEEKLY_METRICS = "mart_team_weekly_metrics";
    public static final String MART_TEAM_METRICS = "mart_team_metrics";
    public static final String MART_HEADLINE = "mart_headline";
    public static final String MART_SPEED_DISTRIBUTION = "mart_speed_distribution";
    public static final String MART_CHECKLIST_EFFECT = "mart_checklist_effect";

    public static final String RUN_LOG = "run_log";
    public static final String QUALITY_RESULTS = "quality_results";
    /** One row per snapshot file ingested: its independent record count beside bronze and quarantine. */
    public static final String INGEST_FILES = "ingest_files";
    public static final String ROUTING_BACKTEST = "routing_backtest";
    public static final String PUBLICATION = "publication";

    private TableNames() {
    }

    /** {@code raw_<object>}: every snapshot of the object as ingested. */
    public static String raw(CrmObject object) {
        return "raw_" + object.tableSuffix();
    }

    /** {@code quarantine_<object>}: the rows bronze refused, with the rule they broke. */
    public static String quarantine(CrmObject object) {
        return "quarantine_" + object.tableSuffix();
    }

    /** {@code stg_<object>}: each record's latest state (history objects: every row ever exported, once). */
    public static String stg(CrmObject object) {
        return "stg_" + object.tableSuffix();
    }
}
