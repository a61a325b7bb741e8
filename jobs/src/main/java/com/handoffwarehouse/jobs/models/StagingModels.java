package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.StgObject;
import java.util.Arrays;
import java.util.List;

/**
 * The staging models, one per CRM object ({@code stg_<object>}, dbt's staging layer): each reads its bronze
 * table only, renames to snake_case and keeps each record's latest state (history objects: each row once). A
 * new day advances the previous stg table by that day's snapshot instead of rereading every snapshot.
 */
public final class StagingModels {
    private StagingModels() {
    }

    public static List<Model> all() {
        return Arrays.stream(CrmObject.values()).map(StagingModels::staged).toList();
    }

    private static Model staged(CrmObject object) {
        return Model.of(Tables.stg(object))
                .sources(object)
                .materialized(Materialization.Incremental.bySnapshots(List.of(), false,
                        (current, added, increment, context) ->
                                StgObject.advance(current, added.source(object), object)))
                .transform((in, context) -> StgObject.build(in.source(object), object));
    }
}
