package com.handoffwarehouse.quality;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The silver gate (DESIGN section 6) on the tables a build has just written: SCD2 histories whose versions of a
 * record never overlap and have at most one current version, and the invariants of {@code int_lead_timeline}.
 * The timeline keeps contradictions (accepted before submitted, held before booked) on purpose, so they are
 * counted as a warning, not failed.
 */
public final class SilverSuite {
    /** DESIGN section 3. */
    public static final List<String> EVENT_TYPES = List.of("LEAD_CREATED", "OWNER_CHANGED", "STATUS_CHANGED",
            "MEETING_BOOKED", "MEETING_RESCHEDULED", "MEETING_HELD", "MEETING_NO_SHOW", "MEETING_CANCELED",
            "HANDOFF_SUBMITTED", "HANDOFF_ACCEPTED", "HANDOFF_REJECTED", "AE_FIRST_CONTACT", "OPPORTUNITY_CREATED",
            "STAGE_CHANGED", "CLOSED_WON", "CLOSED_LOST", "LEAD_DELETED");

    public static final List<String> EVENT_SOURCES = List.of("field", "history", "diff");

    /** The silver tables the gate reads, as written. */
    public record Tables(Dataset<Row> leadHistory, Dataset<Row> accountHistory, Dataset<Row> userHistory,
                         Dataset<Row> leadTimeline) {
    }

    private SilverSuite() {
    }

    /** One suite per table, filed under the build's as-of date. */
    public static List<QualitySuite> of(LocalDate asOf, Tables tables) {
        return List.of(
                new QualitySuite("int_lead_history", asOf, tables.leadHistory(), historyRules("lead_id")),
                new QualitySuite("int_account_history", asOf, tables.accountHistory(), historyRules("account_id")),
                new QualitySuite("int_user_history", asOf, tables.userHistory(), historyRules("user_id")),
                new QualitySuite("int_lead_timeline", asOf, tables.leadTimeline(), timelineRules()));
    }

    static List<Rule> historyRules(String key) {
        return List.of(
                Rules.complete("key complete", Level.ERROR, key),
                Rules.intervalsDoNotOverlap("versions do not overlap", Level.ERROR, key, "valid_from", "valid_to"),
                Rules.atMostOnePerKey("at most one current version", Level.ERROR, key, "is_current"));
    }

    static List<Rule> timelineRules() {
        return List.of(
                Rules.complete("lead_id complete", Level.ERROR, "lead_id"),
                Rules.complete("event_ts complete", Level.ERROR, "event_ts"),
                Rules.complete("event_type complete", Level.ERROR, "event_type"),
                Rules.oneOf("event_type known", Level.ERROR, "event_type", EVENT_TYPES),
                Rules.oneOf("source known", Level.ERROR, "source", EVENT_SOURCES),
                Rules.satisfies("ts_inferred = (source = 'diff')", Level.ERROR, "ts_inferred <=> (source = 'diff')",
                        "ts_inferred", "source"),
                Rules.noneFlagged("data issues", Level.WARNING, "data_issue"));
    }
}
