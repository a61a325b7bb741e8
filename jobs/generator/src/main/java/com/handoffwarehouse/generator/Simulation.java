package com.handoffwarehouse.generator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** One simulated org and its leads' lives, with the snapshot instants of the period: what every shape writes. */
record Simulation(Org org, LeadSimulator sim, LocalDate start, List<Instant> snapshots) {
    /** Objects whose rows are records with an Id, as opposed to the insert-only history objects. */
    static final List<String> RECORD_OBJECTS = List.of("User", "Account", "Lead", "Event", "Task", "Opportunity");

    /** The start date at 00:00 UTC: where a connector's initial sync stands. */
    Instant periodStart() {
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The last snapshot instant. */
    Instant end() {
        return snapshots.get(snapshots.size() - 1);
    }

    /** The records of a record object, in creation order. */
    Map<String, VersionedRecord> records(String object) {
        return switch (object) {
            case "User" -> org.users;
            case "Account" -> org.accounts;
            case "Lead" -> sim.leads;
            case "Event" -> sim.events;
            case "Task" -> sim.tasks;
            case "Opportunity" -> sim.opportunities;
            default -> throw new IllegalArgumentException(object + " is not a record object");
        };
    }
}
