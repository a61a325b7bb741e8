package com.handoffwarehouse.generator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How a Salesforce export spells values: UTC timestamps with millis and Z, ISO dates, lower-case booleans. */
final class Fmt {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    static String ts(Instant t) {
        return t == null ? null : TS.format(t);
    }

    static Instant parseTs(String s) {
        return s == null || s.isEmpty() ? null : Instant.from(TS.parse(s));
    }

    static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    static String bool(boolean b) {
        return b ? "true" : "false";
    }

    /** End of a snapshot's day: the instant its state is taken. */
    static Instant snapshotTime(LocalDate day) {
        return day.atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
    }
}
