package com.handoffwarehouse.generator;

import static com.handoffwarehouse.generator.FivetranSpelling.ACTIVE;
import static com.handoffwarehouse.generator.FivetranSpelling.END;
import static com.handoffwarehouse.generator.FivetranSpelling.START;
import static com.handoffwarehouse.generator.FivetranSpelling.SYNCED;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fivetran History Mode tables, {@code <out>/<table>.csv}: every version of every record (SCD2) at the exact
 * instants the simulation changed it, from History Mode's initial sync at the start date's 00:00 UTC to the
 * last snapshot instant. A version ends one millisecond before the next starts; a deleted record's last one
 * ends at the deletion. The insert-only history objects have one version per row, open until their parent is
 * deleted. No defects are injected: a version table is not an extract that a defect row could sit in.
 */
final class HistoryModeWriter implements ShapeWriter {
    static final String OPEN_END = "9999-12-31 23:59:59.999";

    private final Path out;
    private final TableFiles files;

    HistoryModeWriter(Path out, TableFiles files) {
        this.out = out;
        this.files = files;
    }

    @Override
    public long write(Simulation s, GroundTruth truth, Consumer<String> progress) throws IOException {
        String endDate = s.end().atZone(ZoneOffset.UTC).toLocalDate().toString();
        long rows = 0;
        for (String object : SampleColumns.OBJECTS) {
            long started = System.nanoTime();
            List<Map<String, String>> versions = Simulation.RECORD_OBJECTS.contains(object)
                    ? recordVersions(s, object) : historyVersions(s, object);
            List<String> columns = new ArrayList<>(FivetranSpelling.columns(object));
            columns.addAll(List.of(START, END, ACTIVE, SYNCED));
            String table = FivetranSpelling.table(object);
            files.write(out, table, columns, versions.stream().map(FivetranSpelling::row).toList());
            truth.file(object, endDate, versions.size(), Map.of(), null);
            rows += versions.size();
            progress.accept(String.format(Locale.ROOT, "[generate] %s: %d versions (%.1f s)", table,
                    versions.size(), (System.nanoTime() - started) / 1e9));
        }
        return rows;
    }

    private static List<Map<String, String>> recordVersions(Simulation s, String object) {
        Instant s0 = s.periodStart();
        Instant end = s.end();
        List<Map<String, String>> out = new ArrayList<>();
        for (VersionedRecord r : s.records(object).values()) {
            Instant deleted = r.deletedAt();
            if (r.createdAt().isAfter(end) || (deleted != null && !deleted.isAfter(s0))) {
                continue;
            }
            // The initial sync sees the state at its own instant but dates it at the change that made it.
            Instant from = r.createdAt().isAfter(s0) ? r.createdAt() : s0;
            Instant first = r.createdAt();
            for (Instant c : r.changeInstants()) {
                if (!c.isAfter(from) && c.isAfter(first)) {
                    first = c;
                }
            }
            List<Instant> starts = new ArrayList<>(List.of(first));
            List<Map<String, String>> states = new ArrayList<>(List.of(r.stateAt(from)));
            for (Instant c : r.changeInstants()) {
                if (c.isAfter(from) && !c.isAfter(end) && (deleted == null || c.isBefore(deleted))) {
                    Map<String, String> state = r.stateAt(c);
                    if (!state.equals(states.get(states.size() - 1))) {
                        starts.add(c);
                        states.add(state);
                    }
                }
            }
            Instant closed = deleted != null && !deleted.isAfter(end) ? deleted : null;
            for (int i = 0; i < starts.size(); i++) {
                boolean last = i == starts.size() - 1;
                Instant until = last ? closed : starts.get(i + 1).minusMillis(1);
                out.add(version(s, states.get(i), starts.get(i), until, last && closed == null));
            }
        }
        return out;
    }

    /** The field-history rows of every parent the initial sync saw, as the API shape's snapshots derive them. */
    private static List<Map<String, String>> historyVersions(Simulation s, String object) {
        Instant s0 = s.periodStart();
        Instant end = s.end();
        List<Map<String, String>> out = new ArrayList<>();
        for (VersionedRecord parent : SampleGenerator.historyParents(object, s.sim()).values()) {
            Instant deleted = parent.deletedAt();
            if (parent.createdAt().isAfter(end) || (deleted != null && !deleted.isAfter(s0))) {
                continue;
            }
            Instant closed = deleted != null && !deleted.isAfter(end) ? deleted : null;
            Instant upTo = closed == null ? end : parent.lastInstantAlive();
            for (Map<String, String> row : SampleGenerator.historyRows(object, parent, upTo)) {
                out.add(version(s, row, Fmt.parseTs(row.get("CreatedDate")), closed, closed == null));
            }
        }
        return out;
    }

    /** @param until the version's last instant, or null while it is the record's current version */
    private static Map<String, String> version(Simulation s, Map<String, String> state, Instant start,
                                               Instant until, boolean active) {
        Map<String, String> row = new LinkedHashMap<>(state);
        row.put(START, FivetranSpelling.exactTimestamp(start));
        row.put(END, until == null ? OPEN_END : FivetranSpelling.exactTimestamp(until));
        row.put(ACTIVE, Fmt.bool(active));
        row.put(SYNCED, Fmt.ts(FivetranSync.after(s, start, s.end())));
        return row;
    }
}
