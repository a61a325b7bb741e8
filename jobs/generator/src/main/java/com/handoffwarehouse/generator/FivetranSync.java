package com.handoffwarehouse.generator;

import java.time.Duration;
import java.time.Instant;

/** When Fivetran's sync picks a change up, for {@code _fivetran_synced}. */
final class FivetranSync {
    /** How long after a change the sync that picks it up runs. */
    static final Duration LAG = Duration.ofMinutes(10);

    private FivetranSync() {
    }

    /** The sync after a change; changes before the period wait for its initial sync; never after {@code cap}. */
    static Instant after(Simulation s, Instant changed, Instant cap) {
        Instant at = (changed.isBefore(s.periodStart()) ? s.periodStart() : changed).plus(LAG);
        return at.isAfter(cap) ? cap : at;
    }
}
