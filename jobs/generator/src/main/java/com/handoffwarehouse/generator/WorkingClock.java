package com.handoffwarehouse.generator;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The default business-hours calendar (09:00-17:00, Monday to Friday, no holidays) in plain java.time, kept
 * apart from the warehouse's Spark implementation so the ground truth is an independent computation.
 */
final class WorkingClock {
    private static final LocalTime OPEN = LocalTime.of(9, 0);
    private static final LocalTime CLOSE = LocalTime.of(17, 0);

    private WorkingClock() {
    }

    /** The instant at which {@code hours} working hours after {@code start} have passed in {@code zone}. */
    static Instant deadline(Instant start, double hours, String zone) {
        return deadline(start, hours, zone, OPEN, CLOSE);
    }

    /** The same on a working day from {@code open} to {@code close}, Monday to Friday. */
    static Instant deadline(Instant start, double hours, String zone, LocalTime open, LocalTime close) {
        ZoneId z = ZoneId.of(zone);
        long remaining = Math.round(hours * 3600);
        LocalDate day = start.atZone(z).toLocalDate();
        while (true) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                Instant opens = day.atTime(open).atZone(z).toInstant();
                Instant closes = day.atTime(close).atZone(z).toInstant();
                Instant from = start.isAfter(opens) ? start : opens;
                if (from.isBefore(closes)) {
                    long available = Duration.between(from, closes).getSeconds();
                    if (available >= remaining) {
                        return from.plusSeconds(remaining);
                    }
                    remaining -= available;
                }
            }
            day = day.plusDays(1);
        }
    }
}
