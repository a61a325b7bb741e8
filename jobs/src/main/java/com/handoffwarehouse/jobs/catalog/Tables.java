package com.handoffwarehouse.jobs.catalog;

import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.transforms.vocabulary.TableNames;

/**
 * The tables of the warehouse that code refers to by name, with their layer (and so their folder); the model
 * declarations in jobs/models say how each silver and gold one is built.
 */
public final class Tables {
    public static final String SNAPSHOT_DATE = Bronze.SNAPSHOT_DATE;

    public static final TableRef RUN_LOG = TableRef.of(TableNames.RUN_LOG, Layer.OPS);
    public static final TableRef QUALITY_RESULTS = TableRef.of(TableNames.QUALITY_RESULTS, Layer.OPS);
    public static final TableRef INGEST_FILES = TableRef.of(TableNames.INGEST_FILES, Layer.OPS);
    public static final TableRef ROUTING_BACKTEST = TableRef.of(TableNames.ROUTING_BACKTEST, Layer.OPS);
    /** Which version of every silver and gold table readers see; see {@link Publication}. */
    public static final TableRef PUBLICATION = TableRef.of(TableNames.PUBLICATION, Layer.OPS);

    public static final TableRef INT_LEAD_HISTORY = silver(TableNames.INT_LEAD_HISTORY);
    public static final TableRef INT_ACCOUNT_HISTORY = silver(TableNames.INT_ACCOUNT_HISTORY);
    public static final TableRef INT_USER_HISTORY = silver(TableNames.INT_USER_HISTORY);
    public static final TableRef INT_EVENT_HISTORY = silver(TableNames.INT_EVENT_HISTORY);
    public static final TableRef INT_OPPORTUNITY_HISTORY = silver(TableNames.INT_OPPORTUNITY_HISTORY);
    public static final TableRef INT_MEETING = silver(TableNames.INT_MEETING);
    public static final TableRef INT_OPPORTUNITY_STAGE = silver(TableNames.INT_OPPORTUNITY_STAGE);
    public static final TableRef INT_HANDOFF = silver(TableNames.INT_HANDOFF);
    public static final TableRef INT_LEAD = silver(TableNames.INT_LEAD);
    public static final TableRef INT_LEAD_TIMELINE = silver(TableNames.INT_LEAD_TIMELINE);

    public static final TableRef DIM_USER = gold(TableNames.DIM_USER);
    public static final TableRef DIM_ACCOUNT = gold(TableNames.DIM_ACCOUNT);
    public static final TableRef DIM_LEAD = gold(TableNames.DIM_LEAD);
    public static final TableRef DIM_DATE = gold(TableNames.DIM_DATE);
    public static final TableRef FCT_HANDOFF = gold(TableNames.FCT_HANDOFF);
    public static final TableRef FCT_MEETING = gold(TableNames.FCT_MEETING);
    public static final TableRef FCT_OPPORTUNITY_STAGE = gold(TableNames.FCT_OPPORTUNITY_STAGE);
    public static final TableRef MART_HANDOFF_FUNNEL = gold(TableNames.MART_HANDOFF_FUNNEL);
    public static final TableRef MART_SLA_COMPLIANCE = gold(TableNames.MART_SLA_COMPLIANCE);
    public static final TableRef MART_SLA_BREACHES_OPEN = gold(TableNames.MART_SLA_BREACHES_OPEN);
    public static final TableRef MART_ROUTING_AUDIT = gold(TableNames.MART_ROUTING_AUDIT);
    public static final TableRef MART_HANDOFF_QUALITY = gold(TableNames.MART_HANDOFF_QUALITY);
    public static final TableRef MART_STAGE_PROGRESSION = gold(TableNames.MART_STAGE_PROGRESSION);
    public static final TableRef MART_SDR_BOOKING = gold(TableNames.MART_SDR_BOOKING);
    /** The report marts: the dashboard's figures, one definition each, for analysts' queries too. */
    public static final TableRef MART_WEEKLY_METRICS = gold(TableNames.MART_WEEKLY_METRICS);
    public static final TableRef MART_TEAM_WEEKLY_METRICS = gold(TableNames.MART_TEAM_WEEKLY_METRICS);
    public static final TableRef MART_TEAM_METRICS = gold(TableNames.MART_TEAM_METRICS);
    public static final TableRef MART_HEADLINE = gold(TableNames.MART_HEADLINE);
    public static final TableRef MART_SPEED_DISTRIBUTION = gold(TableNames.MART_SPEED_DISTRIBUTION);
    public static final TableRef MART_CHECKLIST_EFFECT = gold(TableNames.MART_CHECKLIST_EFFECT);

    private Tables() {
    }

    public static TableRef silver(String name) {
        return TableRef.of(name, Layer.SILVER);
    }

    public static TableRef gold(String name) {
        return TableRef.of(name, Layer.GOLD);
    }

    public static TableRef raw(CrmObject object) {
        return TableRef.of(TableNames.raw(object), Layer.BRONZE, SNAPSHOT_DATE);
    }

    /** {@code stg_<object>}: each record's latest state. */
    public static TableRef stg(CrmObject object) {
        return silver(TableNames.stg(object));
    }

    public static TableRef quarantine(CrmObject object) {
        return TableRef.of(TableNames.quarantine(object), Layer.QUARANTINE, SNAPSHOT_DATE);
    }
}
