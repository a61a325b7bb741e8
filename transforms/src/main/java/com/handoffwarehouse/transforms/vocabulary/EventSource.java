package com.handoffwarehouse.transforms.vocabulary;

import java.util.List;

/**
 * Where a timeline event's or a version's time came from (DESIGN section 3): a timestamp the CRM carries, a
 * history object (or a source that keeps versions), or the first snapshot that shows the change.
 */
public final class EventSource {
    public static final String FIELD = "field";
    public static final String HISTORY = "history";
    /** Inferred from two snapshots: the time is the later snapshot's instant. */
    public static final String DIFF = "diff";

    public static final List<String> ALL = List.of(FIELD, HISTORY, DIFF);

    private EventSource() {
    }
}
