package com.handoffwarehouse.jobs.build;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How one incremental model is built in a run: advanced by the snapshots added since its last write when they
 * all come after what it has seen (dbt's incremental runs), up to date when nothing was added, rebuilt in full
 * when its bronze changed behind it (a late date, a re-ingested one, a removed one) or it has no state yet.
 *
 * @param previous the latest snapshot the model has seen (incremental only)
 * @param added    the snapshots to add, ascending (incremental only)
 */
public record Plan(Mode mode, LocalDate previous, List<LocalDate> added, String reason) {
    public enum Mode { FULL, INCREMENTAL, UP_TO_DATE }

    public Plan {
        added = List.copyOf(added);
    }

    public static Plan rebuild(String reason) {
        return new Plan(Mode.FULL, null, List.of(), reason);
    }

    /**
     * @param seen    what the model's table was built from (its watermark)
     * @param now     the snapshot dates and ingestion stamps of the same bronze tables today
     * @param maxAdded above this many new snapshots, one rebuild is cheaper than as many steps
     */
    public static Plan decide(Watermark seen, Map<String, Map<LocalDate, Long>> now, int maxAdded) {
        if (seen.sources().isEmpty()) {
            return rebuild("no earlier build to advance");
        }
        TreeSet<LocalDate> seenDates = new TreeSet<>();
        TreeSet<LocalDate> added = new TreeSet<>();
        for (Map.Entry<String, Map<LocalDate, Long>> source : now.entrySet()) {
            Map<LocalDate, Long> before = seen.sources().get(source.getKey());
            if (before == null) {
                return rebuild(source.getKey() + " was not read by the last build");
            }
            for (Map.Entry<LocalDate, Long> d : before.entrySet()) {
                Long stamp = source.getValue().get(d.getKey());
                if (stamp == null) {
                    return rebuild(source.getKey() + " no longer has " + d.getKey());
                }
                if (!stamp.equals(d.getValue())) {
                    return rebuild(source.getKey() + " " + d.getKey() + " was ingested again");
                }
            }
            seenDates.addAll(before.keySet());
            source.getValue().keySet().stream().filter(d -> !before.containsKey(d)).forEach(added::add);
        }
        if (added.isEmpty()) {
            return new Plan(Mode.UP_TO_DATE, seenDates.isEmpty() ? null : seenDates.last(), List.of(), "");
        }
        if (seenDates.isEmpty()) {
            return rebuild("no earlier snapshot to advance from");
        }
        if (!added.first().isAfter(seenDates.last())) {
            return rebuild(added.first() + " arrived after " + seenDates.last());
        }
        if (added.size() > maxAdded) {
            return rebuild(added.size() + " new snapshots");
        }
        return new Plan(Mode.INCREMENTAL, seenDates.last(), List.copyOf(added), "");
    }

    /**
     * For a model advanced from its table and current inputs: possible when it has been built, the as-of time
     * has not moved back, and the settings it depends on are unchanged.
     */
    public static Plan decideByInputs(Watermark seen, long asOf, String settings) {
        if (seen.asOf() == null) {
            return rebuild("no earlier build to advance");
        }
        if (asOf < seen.asOf()) {
            return rebuild("as of a time before the last build's");
        }
        if (!settings.equals(seen.settings())) {
            return rebuild("settings changed since the last build");
        }
        return new Plan(Mode.INCREMENTAL, null, List.of(), "");
    }

    public String describe() {
        return switch (mode) {
            case FULL -> "full (" + reason + ")";
            case UP_TO_DATE -> "up to date";
            case INCREMENTAL -> added.isEmpty() ? "incremental: the changed and the undecided rows"
                    : "incremental: " + (added.size() == 1 ? added.get(0) : added.get(0) + ".."
                    + added.get(added.size() - 1)) + " after " + previous;
        };
    }
}
