package com.handoffwarehouse.jobs.catalog;

import com.handoffwarehouse.transforms.crm.CrmObject;

/** Every table of the warehouse by its DESIGN name; the one place that knows where each lives. */
public final class Tables {
    public static final String SNAPSHOT_DATE = "snapshot_date";

    public static final TableRef RUN_LOG = TableRef.of("run_log", Layer.OPS);
    public static final TableRef QUALITY_RESULTS = TableRef.of("quality_results", Layer.OPS);
    public static final TableRef ROUTING_BACKTEST = TableRef.of("routing_backtest", Layer.OPS);
    /** Which version of every silver and gold table readers see; see {@link Publication}. */
    public static final TableRef PUBLICATION = TableRef.of("publication", Layer.OPS);

    public static final TableRef INT_LEAD_HISTORY = TableRef.of("int_lead_history", Layer.SILVER);
    public static final TableRef INT_ACCOUNT_HISTORY = TableRef.of("int_account_history", Layer.SILVER);
    public static final TableRef INT_USER_HISTORY = TableRef.of("int_user_history", Layer.SILVER);
    public static final TableRef INT_LEAD_TIMELINE = TableRef.of("int_lead_timeline", Layer.SILVER);

    public static final TableRef DIM_USER = TableRef.of("dim_user", Layer.GOLD);
    public static final TableRef DIM_ACCOUNT = TableRef.of("dim_account", Layer.GOLD);
    public static final TableRef DIM_DATE = TableRef.of("dim_date", Layer.GOLD);
    public static final TableRef FCT_HANDOFF = TableRef.of("fct_handoff", Layer.GOLD);
    public static final TableRef FCT_MEETING = TableRef.of("fct_meeting", Layer.GOLD);
    public static final TableRef FCT_OPPORTUNITY_STAGE = TableRef.of("fct_opportunity_stage", Layer.GOLD);
    public static final TableRef MART_HANDOFF_FUNNEL = TableRef.of("mart_handoff_funnel", Layer.GOLD);
    public static final TableRef MART_SLA_COMPLIANCE = TableRef.of("mart_sla_compliance", Layer.GOLD);
    public static final TableRef MART_SLA_BREACHES_OPEN = TableRef.of("mart_sla_breaches_open", Layer.GOLD);
    public static final TableRef MART_ROUTING_AUDIT = TableRef.of("mart_routing_audit", Layer.GOLD);
    public static final TableRef MART_HANDOFF_QUALITY = TableRef.of("mart_handoff_quality", Layer.GOLD);
    public static final TableRef MART_STAGE_PROGRESSION = TableRef.of("mart_stage_progression", Layer.GOLD);
    public static final TableRef MART_SDR_BOOKING = TableRef.of("mart_sdr_booking", Layer.GOLD);

    private Tables() {
    }

    public static TableRef raw(CrmObject object) {
        return TableRef.of(object.bronzeTable(), Layer.BRONZE, SNAPSHOT_DATE);
    }

    /** {@code stg_<object>}: each record's latest state. */
    public static TableRef stg(CrmObject object) {
        return TableRef.of("stg_" + object.tableSuffix(), Layer.SILVER);
    }

    public static TableRef quarantine(CrmObject object) {
        return TableRef.of(object.quarantineTable(), Layer.QUARANTINE, SNAPSHOT_DATE);
    }
}
