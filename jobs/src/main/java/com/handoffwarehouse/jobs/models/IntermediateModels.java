package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.quality.SilverSuite;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.intermediate.IntHandoff;
import com.handoffwarehouse.transforms.intermediate.IntHistories;
import com.handoffwarehouse.transforms.intermediate.IntLead;
import com.handoffwarehouse.transforms.intermediate.IntLeadTimeline;
import com.handoffwarehouse.transforms.intermediate.IntMeeting;
import com.handoffwarehouse.transforms.intermediate.IntOpportunityStage;
import com.handoffwarehouse.transforms.intermediate.SnapshotHistory;
import com.handoffwarehouse.transforms.staging.StgObject;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The intermediate models ({@code int_}, dbt's intermediate layer, silver): the SCD2 histories of the records
 * (dbt snapshots: they read bronze and advance by one snapshot a day), the meetings, stage intervals and
 * handoffs built from them, and the lead timeline.
 */
public final class IntermediateModels {
    private static final String STG_LEAD = TableNames.stg(CrmObject.LEAD);
    private static final String STG_USER = TableNames.stg(CrmObject.USER);
    private static final String STG_TASK = TableNames.stg(CrmObject.TASK);
    private static final String STG_EVENT = TableNames.stg(CrmObject.EVENT);
    private static final String STG_OPPORTUNITY = TableNames.stg(CrmObject.OPPORTUNITY);
    private static final String STG_LEAD_HISTORY = TableNames.stg(CrmObject.LEAD_HISTORY);
    private static final String STG_OPPORTUNITY_HISTORY = TableNames.stg(CrmObject.OPPORTUNITY_HISTORY);
    private static final String STG_OPPORTUNITY_FIELD_HISTORY = TableNames.stg(CrmObject.OPPORTUNITY_FIELD_HISTORY);

    private IntermediateModels() {
    }

    public static List<Model> all() {
        List<Model> models = new ArrayList<>();
        for (IntHistories history : IntHistories.values()) {
            models.add(history(history));
        }
        models.add(Model.of(Tables.INT_MEETING)
                .refs(TableNames.INT_EVENT_HISTORY)
                .transform((in, c) -> IntMeeting.build(in.ref(TableNames.INT_EVENT_HISTORY))));
        models.add(Model.of(Tables.INT_OPPORTUNITY_STAGE)
                .refs(TableNames.INT_OPPORTUNITY_HISTORY, STG_OPPORTUNITY, STG_OPPORTUNITY_HISTORY,
                        STG_OPPORTUNITY_FIELD_HISTORY)
                .transform((in, c) -> IntOpportunityStage.build(in.ref(TableNames.INT_OPPORTUNITY_HISTORY),
                        in.ref(STG_OPPORTUNITY), in.ref(STG_OPPORTUNITY_HISTORY),
                        in.ref(STG_OPPORTUNITY_FIELD_HISTORY))));
        models.add(Model.of(Tables.INT_HANDOFF)
                .refs(TableNames.INT_LEAD_HISTORY, TableNames.INT_ACCOUNT_HISTORY, TableNames.INT_USER_HISTORY,
                        STG_LEAD, STG_TASK, STG_OPPORTUNITY, TableNames.INT_MEETING)
                .transform((in, c) -> IntHandoff.build(new IntHandoff.Inputs(in.ref(TableNames.INT_LEAD_HISTORY),
                        in.ref(TableNames.INT_ACCOUNT_HISTORY), in.ref(TableNames.INT_USER_HISTORY),
                        in.ref(STG_LEAD), in.ref(STG_TASK), in.ref(STG_OPPORTUNITY), in.ref(TableNames.INT_MEETING)),
                        handoffSettings(c.settings()))));
        models.add(Model.of(Tables.INT_LEAD)
                .refs(STG_LEAD, STG_TASK, STG_EVENT)
                .transform((in, c) -> IntLead.build(in.ref(STG_LEAD), in.ref(STG_TASK), in.ref(STG_EVENT))));
        models.add(Model.of(Tables.INT_LEAD_TIMELINE)
                .refs(TableNames.INT_LEAD_HISTORY, STG_LEAD_HISTORY, TableNames.INT_HANDOFF, TableNames.INT_MEETING,
                        TableNames.INT_EVENT_HISTORY, STG_LEAD, TableNames.INT_OPPORTUNITY_STAGE, STG_USER)
                .checks(in -> SilverSuite.timelineRules())
                .transform((in, c) -> IntLeadTimeline.build(new IntLeadTimeline.Inputs(
                        in.ref(TableNames.INT_LEAD_HISTORY), in.ref(STG_LEAD_HISTORY), in.ref(TableNames.INT_HANDOFF),
                        in.ref(TableNames.INT_MEETING), in.ref(TableNames.INT_EVENT_HISTORY), in.ref(STG_LEAD),
                        in.ref(TableNames.INT_OPPORTUNITY_STAGE), in.ref(STG_USER)))));
        return models;
    }

    /**
     * {@code int_<object>_history}: a dbt snapshot of the object's bronze table. Leads also read LeadHistory's
     * rows ({@code stg_lead_history}) for the exact time of changes snapshots date to the day.
     */
    private static Model history(IntHistories history) {
        CrmObject object = history.object();
        boolean lead = object == CrmObject.LEAD;
        String id = StgObject.idColumn(object);
        Model.Builder declaration = Model.of(Tables.silver(history.table()))
                .sources(object)
                .materialized(Materialization.Incremental.bySnapshots(List.of(id, SnapshotHistory.VERSION_NO), true,
                        (current, added, increment, c) -> history.advance(current, added.source(object),
                                increment.previousDate(), increment.newDates().get(0), fieldHistory(added, lead))))
                .checks(in -> SilverSuite.historyRules(id));
        if (lead) {
            declaration = declaration.refs(STG_LEAD_HISTORY);
        }
        return declaration.transform((in, c) -> history.build(in.source(object), fieldHistory(in, lead)));
    }

    private static Optional<Dataset<Row>> fieldHistory(Inputs in, boolean lead) {
        return lead ? Optional.of(in.ref(STG_LEAD_HISTORY)) : Optional.empty();
    }

    static IntHandoff.Settings handoffSettings(BuildSettings s) {
        return new IntHandoff.Settings(s.territory(), s.rules(), s.checklist(), s.inboundLeadSources(),
                s.meetingLookbackHours(), s.followupWithinMinutes());
    }
}
