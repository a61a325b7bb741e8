package com.handoffwarehouse.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CRM record as the simulation lived it: its creation time, its first field values, and every later
 * change with the instant it happened. A snapshot shows the record as of the snapshot's instant.
 */
final class VersionedRecord {
    private record Change(Instant at, String field, String value) {
    }

    private final String id;
    private final Instant createdAt;
    private final Map<String, String> initial;
    private final List<Change> changes = new ArrayList<>();
    /** Whether {@link #changes} is in time order; a large sample asks for states millions of times. */
    private boolean sorted = true;
    private Instant deletedAt;

    VersionedRecord(String id, Instant createdAt, Map<String, String> initial) {
        this.id = id;
        this.createdAt = createdAt;
        this.initial = new LinkedHashMap<>(initial);
    }

    String id() {
        return id;
    }

    Instant createdAt() {
        return createdAt;
    }

    void set(Instant at, String field, String value) {
        if (!changes.isEmpty() && at.isBefore(changes.get(changes.size() - 1).at())) {
            sorted = false;
        }
        changes.add(new Change(at, field, value));
    }

    /** The changes in time order, those at the same instant in the order they were made (the sort is stable). */
    private List<Change> ordered() {
        if (!sorted) {
            changes.sort(java.util.Comparator.comparing(Change::at));
            sorted = true;
        }
        return changes;
    }

    void deleteAt(Instant at) {
        deletedAt = at;
    }

    /** When the record was deleted, or null while it lives. */
    Instant deletedAt() {
        return deletedAt;
    }

    /** The last instant a deleted record existed, at the simulation's millisecond precision. */
    Instant lastInstantAlive() {
        return deletedAt.minusMillis(1);
    }

    /** The distinct instants of its changes, in time order (a change may leave the state as it was). */
    List<Instant> changeInstants() {
        return ordered().stream().map(Change::at).distinct().toList();
    }

    boolean visibleAt(Instant t) {
        return !createdAt.isAfter(t) && (deletedAt == null || deletedAt.isAfter(t));
    }

    /** Field values as of {@code t}: changes at or before it applied in the order they happened. */
    Map<String, String> stateAt(Instant t) {
        Map<String, String> state = new LinkedHashMap<>(initial);
        for (Change c : ordered()) {
            if (c.at().isAfter(t)) {
                break;
            }
            state.put(c.field(), c.value());
        }
        return state;
    }

    /** One change of one field, as a field history object records it. */
    record FieldChange(Instant at, String oldValue, String newValue) {
    }

    /** Every change of {@code field} that altered its value, in time order. */
    List<FieldChange> history(String field) {
        List<FieldChange> out = new ArrayList<>();
        String previous = initial.get(field);
        for (Change c : ordered()) {
            if (c.field().equals(field) && !java.util.Objects.equals(previous, c.value())) {
                out.add(new FieldChange(c.at(), previous, c.value()));
                previous = c.value();
            }
        }
        return out;
    }
}
