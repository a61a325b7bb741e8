package com.handoffwarehouse.jobs.catalog;

import com.handoffwarehouse.transforms.crm.CrmObject;

/** Every table of the warehouse by its DESIGN name; the one place that knows where each lives. */
public final class Tables {
    public static final String SNAPSHOT_DATE = "snapshot_date";

    public static final TableRef RUN_LOG = TableRef.of("run_log", Layer.OPS);
    public static final TableRef QUALITY_RESULTS = TableRef.of("quality_results", Layer.OPS);

    private Tables() {
    }

    public static TableRef raw(CrmObject object) {
        return TableRef.of(object.bronzeTable(), Layer.BRONZE, SNAPSHOT_DATE);
    }

    public static TableRef quarantine(CrmObject object) {
        return TableRef.of(object.quarantineTable(), Layer.QUARANTINE, SNAPSHOT_DATE);
    }
}
