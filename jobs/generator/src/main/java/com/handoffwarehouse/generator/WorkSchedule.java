package com.handoffwarehouse.generator;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * When a person gets to a piece of work: after so many of their working minutes, mostly inside their
 * working day in their own zone, sometimes in the evening or at the weekend (SampleBehaviour).
 */
final class WorkSchedule {
    private final SampleBehaviour behaviour;

    WorkSchedule(SampleBehaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** The instant a person in {@code zone} acts, having spent {@code minMinutes}-{@code maxMinutes} of work. */
    Instant after(SplittableRandom r, Instant from, int minMinutes, int maxMinutes, String zone) {
        int minutes = minMinutes + r.nextInt(maxMinutes - minMinutes + 1);
        Instant working = WorkingClock.deadline(from, minutes / 60.0, zone, behaviour.workStart(),
                behaviour.workEnd());
        double p = r.nextDouble();
        ZoneId z = ZoneId.of(zone);
        if (p < behaviour.lateShare()) {
            Instant evening = working.atZone(z).toLocalDate().atTime(behaviour.workEnd()).atZone(z).toInstant()
                    .plus(Duration.ofMinutes(15 + r.nextInt(225)));
            return evening.isAfter(from) ? evening : from.plus(Duration.ofMinutes(10 + r.nextInt(110)));
        }
        if (p < behaviour.lateShare() + behaviour.weekendShare()) {
            LocalDate day = from.atZone(z).toLocalDate();
            while (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                day = day.plusDays(1);
            }
            ZonedDateTime weekend = day.atTime(10, 0).atZone(z).plusMinutes(r.nextInt(360));
            Instant at = weekend.toInstant();
            return at.isAfter(from) ? at : from.plus(Duration.ofMinutes(10 + r.nextInt(110)));
        }
        return working;
    }

    /** A meeting slot {@code 1}-{@code 5} working days after {@code from}, on the half hour inside the working day. */
    Instant meetingSlot(SplittableRandom r, Instant from, String zone) {
        ZoneId z = ZoneId.of(zone);
        LocalDate day = from.atZone(z).toLocalDate();
        int days = 1 + r.nextInt(5);
        while (days > 0) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days--;
            }
        }
        int slots = (int) Duration.between(behaviour.workStart(), behaviour.workEnd()).toMinutes() / 30;
        return day.atTime(behaviour.workStart()).plusMinutes(30L * r.nextInt(slots)).atZone(z).toInstant();
    }
}
