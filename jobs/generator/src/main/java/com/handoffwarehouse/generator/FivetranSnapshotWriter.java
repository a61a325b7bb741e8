package com.handoffwarehouse.generator;

import static com.handoffwarehouse.generator.FivetranSpelling.DELETED;
import static com.handoffwarehouse.generator.FivetranSpelling.IS_DELETED;
import static com.handoffwarehouse.generator.FivetranSpelling.SYNCED;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Daily snapshot folders as Fivetran's Salesforce connector leaves its tables, one copy per day:
 * {@code <out>/<YYYY-MM-DD>/lead.csv} with Fivetran's spelling and bookkeeping columns. Deleted records stay,
 * soft-deleted as the connector keeps them: a record the API shape showed and then lost is written after the
 * API shape's rows with its last state and {@code is_deleted} TRUE, and its field-history rows with
 * {@code _fivetran_deleted} TRUE. A record deleted before any snapshot showed it is left out, so the flagged
 * rows are exactly what the API shape shows as disappearances.
 */
final class FivetranSnapshotWriter extends SnapshotFolderWriter {
    private static final String TRUE = "true";
    private static final String FALSE = "false";

    FivetranSnapshotWriter(Path out, TableFiles files, DefectInjector defects, SplittableRandom defectRandom) {
        super(out, files, defects, defectRandom);
    }

    @Override
    void annotate(Simulation s, String object, List<Map<String, String>> live, Instant t) {
        boolean records = Simulation.RECORD_OBJECTS.contains(object);
        for (Map<String, String> row : live) {
            Instant changed = records ? lastChange(s.records(object).get(row.get("Id")), t)
                    : Fmt.parseTs(row.get("CreatedDate"));
            row.put(SYNCED, Fmt.ts(FivetranSync.after(s, changed, t)));
        }
    }

    @Override
    DayFile file(Simulation s, String object, List<Map<String, String>> rows, Instant t) {
        boolean records = Simulation.RECORD_OBJECTS.contains(object);
        List<Map<String, String>> all = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            all.add(flags(row, records, false));
        }
        List<Map<String, String>> flagged = records ? deletedRecords(s, object, t) : deletedHistory(s, object, t);
        all.addAll(flagged);
        List<String> columns = new ArrayList<>(FivetranSpelling.columns(object));
        columns.add(SYNCED);
        columns.add(DELETED);
        if (records) {
            columns.add(IS_DELETED);
        }
        return new DayFile(FivetranSpelling.table(object), columns, all.stream().map(FivetranSpelling::row).toList(),
                flagged.size());
    }

    private static Instant lastChange(VersionedRecord r, Instant t) {
        Instant last = r.createdAt();
        for (Instant c : r.changeInstants()) {
            if (!c.isAfter(t) && c.isAfter(last)) {
                last = c;
            }
        }
        return last;
    }

    private static Map<String, String> flags(Map<String, String> row, boolean records, boolean deleted) {
        Map<String, String> out = new LinkedHashMap<>(row);
        if (records) {
            out.put(DELETED, FALSE);
            out.put(IS_DELETED, deleted ? TRUE : FALSE);
        } else {
            out.put(DELETED, deleted ? TRUE : FALSE);
        }
        return out;
    }

    /** Whether {@code r} was deleted at or before {@code t} after some snapshot showed it. */
    private static boolean shownThenDeleted(Simulation s, VersionedRecord r, Instant t) {
        return r.deletedAt() != null && !r.deletedAt().isAfter(t) && s.snapshots().stream().anyMatch(r::visibleAt);
    }

    private static List<Map<String, String>> deletedRecords(Simulation s, String object, Instant t) {
        List<Map<String, String>> out = new ArrayList<>();
        for (VersionedRecord r : s.records(object).values()) {
            if (shownThenDeleted(s, r, t)) {
                Map<String, String> row = r.stateAt(r.lastInstantAlive());
                row.put(SYNCED, Fmt.ts(FivetranSync.after(s, r.deletedAt(), t)));
                out.add(flags(row, true, true));
            }
        }
        return out;
    }

    private static List<Map<String, String>> deletedHistory(Simulation s, String object, Instant t) {
        Map<String, VersionedRecord> parents = SampleGenerator.historyParents(object, s.sim());
        List<Map<String, String>> out = new ArrayList<>();
        for (VersionedRecord parent : parents.values()) {
            if (shownThenDeleted(s, parent, t)) {
                for (Map<String, String> row : SampleGenerator.historyRows(object, parent, parent.lastInstantAlive())) {
                    row.put(SYNCED, Fmt.ts(FivetranSync.after(s, parent.deletedAt(), t)));
                    out.add(flags(row, false, true));
                }
            }
        }
        return out;
    }
}
