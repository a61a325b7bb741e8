package com.handoffwarehouse.quality;

import com.handoffwarehouse.transforms.vocabulary.EventSource;
import com.handoffwarehouse.transforms.vocabulary.EventType;
import java.util.List;

/**
 * The silver rules (DESIGN section 6): SCD2 histories whose versions of a record never overlap and have at most
 * one current version, and the invariants of {@code int_lead_timeline}. The timeline keeps contradictions
 * (accepted before submitted, held before booked) on purpose, so they are counted as a warning, not failed.
 */
public final class SilverSuite {
    private SilverSuite() {
    }

    public static List<Rule> historyRules(String key) {
        return List.of(
                Rules.complete("key complete", Level.ERROR, key),
                Rules.intervalsDoNotOverlap("versions do not overlap", Level.ERROR, key, "valid_from", "valid_to"),
                Rules.atMostOnePerKey("at most one current version", Level.ERROR, key, "is_current"));
    }

    public static List<Rule> timelineRules() {
        return List.of(
                Rules.complete("lead_id complete", Level.ERROR, "lead_id"),
                Rules.complete("event_ts complete", Level.ERROR, "event_ts"),
                Rules.complete("event_type complete", Level.ERROR, "event_type"),
                Rules.oneOf("event_type known", Level.ERROR, "event_type", EventType.names()),
                Rules.oneOf("source known", Level.ERROR, "source", EventSource.ALL),
                Rules.satisfies("ts_inferred = (source = 'diff')", Level.ERROR,
                        "ts_inferred <=> (source = '" + EventSource.DIFF + "')", "ts_inferred", "source"),
                Rules.noneFlagged("data issues", Level.WARNING, "data_issue"));
    }
}
