package com.handoffwarehouse.jobs.ingest;

import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.crm.CrmObject;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bronze and quarantine tables' Delta versions before an ingest run, so that a run that fails (a gate, a
 * damaged file) leaves them as they were: a rejected extract must not sit in bronze, where the next build would
 * read its missing rows as deleted records.
 */
final class BronzeRollback {
    private final WarehouseCatalog catalog;
    private final Map<TableRef, Long> before;

    private BronzeRollback(WarehouseCatalog catalog, Map<TableRef, Long> before) {
        this.catalog = catalog;
        this.before = before;
    }

    static BronzeRollback capture(WarehouseCatalog catalog) {
        Map<TableRef, Long> versions = new LinkedHashMap<>();
        for (CrmObject object : CrmObject.values()) {
            for (TableRef table : new TableRef[] {Tables.raw(object), Tables.quarantine(object)}) {
                versions.put(table, catalog.version(table));
            }
        }
        return new BronzeRollback(catalog, versions);
    }

    /**
     * Restores each table the run changed to its earlier version; a table the run created loses the run's dates,
     * which leaves it empty.
     */
    void restore(Collection<LocalDate> dates) {
        BronzeWriter writer = new BronzeWriter(catalog);
        before.forEach((table, version) -> {
            long now = catalog.version(table);
            if (now == version) {
                return;
            }
            if (version >= 0) {
                DeltaTable.forPath(catalog.spark(), catalog.location(table)).restoreToVersion(version);
            } else {
                writer.clear(table, dates);
            }
        });
    }
}
