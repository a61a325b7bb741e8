package com.handoffwarehouse.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The simulated people work mostly in their working hours, in their own zone, with some evening and weekend
 * work; deals close inside the period. Checked on the simulated records, before any file is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeopleAtWorkTest {
    private static final LocalDate START = LocalDate.of(2026, 7, 1);
    private static final int DAYS = 90;

    private Org org;
    private LeadSimulator sim;

    @BeforeAll
    void simulate() {
        SplittableRandom master = new SplittableRandom(5);
        List<Instant> snapshots = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            snapshots.add(Fmt.snapshotTime(START.plusDays(d)));
        }
        Ids ids = new Ids();
        org = new Org(master.split(), ids, START, DAYS, 200);
        sim = new LeadSimulator(org, ids, START, DAYS, snapshots, SampleBehaviour.defaults());
        SplittableRandom leads = master.split();
        for (int i = 0; i < 1500; i++) {
            sim.simulate(leads.split());
        }
    }

    /** Monday to Friday, 09:00 to 17:00 in the zone: conf/warehouse.yaml's business hours. */
    private static boolean businessHours(Instant t, String zone) {
        ZonedDateTime local = t.atZone(ZoneId.of(zone));
        LocalTime time = local.toLocalTime();
        return local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY
                && !time.isBefore(LocalTime.of(9, 0)) && !time.isAfter(LocalTime.of(17, 0));
    }

    private double shareInBusinessHours(String role, String field, Iterable<VersionedRecord> records,
                                        Predicate<Map<String, String>> which) {
        int all = 0;
        int inHours = 0;
        for (VersionedRecord r : records) {
            Map<String, String> s = r.stateAt(Instant.MAX.minusSeconds(1));
            String owner = s.get("OwnerId");
            if (role.equals(org.roleOf.get(owner)) && which.test(s) && s.get(field) != null) {
                all++;
                inHours += businessHours(Fmt.parseTs(s.get(field)), org.zoneOf.get(owner)) ? 1 : 0;
            }
        }
        assertTrue(all > 500, role + " " + field + ": only " + all + " records");
        return (double) inHours / all;
    }

    @Test
    void aesAndSdrsCompleteMostTasksInsideTheirOwnWorkingHoursButNotAll() {
        double ae = shareInBusinessHours("AE", "CompletedDateTime", sim.tasks.values(), s -> true);
        double sdr = shareInBusinessHours("SDR", "CompletedDateTime", sim.tasks.values(), s -> true);
        System.out.printf("[people at work] tasks completed in business hours: AE %.3f, SDR %.3f%n", ae, sdr);
        assertTrue(ae > 0.80 && ae < 0.97, "AE share " + ae);
        assertTrue(sdr > 0.80 && sdr < 0.97, "SDR share " + sdr);
    }

    @Test
    void meetingsStartInsideTheAesWorkingDay() {
        assertEquals(1.0, shareInBusinessHours("AE", "StartDateTime", sim.events.values(), s -> true));
    }

    @Test
    void submissionsAreMostlyInsideTheSdrsWorkingHours() {
        int all = 0;
        int inHours = 0;
        for (Handoff h : sim.handoffs) {
            all++;
            inHours += businessHours(h.submittedAt(), org.zoneOf.get(h.sdrId())) ? 1 : 0;
        }
        double share = (double) inHours / all;
        assertTrue(share > 0.8 && share < 0.97, "SDR submissions in business hours: " + share);
    }

    @Test
    void dealsAreWonAndLostInsideThePeriod() {
        Instant end = Fmt.snapshotTime(START.plusDays(DAYS - 1));
        long won = sim.opportunities.values().stream()
                .filter(o -> "Closed Won".equals(o.stateAt(end).get("StageName"))).count();
        long lost = sim.opportunities.values().stream()
                .filter(o -> "Closed Lost".equals(o.stateAt(end).get("StageName"))).count();
        System.out.printf("[people at work] %d opportunities, %d won, %d lost by the end%n",
                sim.opportunities.size(), won, lost);
        assertTrue(won >= 10 && lost >= 10, won + " won, " + lost + " lost");
    }

    @Test
    void effectsOutsideZeroToOneAreRefusedByName() {
        Map<String, Double> items = new java.util.HashMap<>(SampleBehaviour.defaults().missingItemEffects());
        items.put("next_step", 1.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SampleBehaviour(LocalTime.of(9, 0), LocalTime.of(17, 0), 0.1, 0.1, 0.7, 0.9, 0.4, 0.8,
                        items));
        assertTrue(e.getMessage().contains("missingItemEffects.next_step"), e.getMessage());
    }
}
