package com.handoffwarehouse.generator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Lives each lead's life once: SDR work, a booked meeting and its reschedules and outcome, handoffs that are
 * accepted, late, rejected or re-handed, reassignments, misroutes, checklist notes (filled, blank,
 * placeholder, filled too late), the AE's follow-up, and opportunities that advance, stall, win or lose.
 * People act in their working hours (WorkSchedule), and whether a handoff converts depends on its checklist,
 * the AE's speed and the show-up by the effect sizes of SampleBehaviour.
 */
final class LeadSimulator {
    static final List<String> INBOUND = List.of("Web", "Inbound Call", "Content Download", "Webinar");
    static final List<String> OUTBOUND = List.of("Outbound Prospecting", "Event", "Partner Referral");
    static final List<String> QUALIFICATION = List.of("Business_Problem__c", "Why_Now__c", "Decision_Maker__c",
            "Stakeholders__c", "Use_Case__c", "Desired_Outcome__c", "Objections__c", "Next_Step__c", "Budget__c",
            "Timeline__c");
    static final List<String> PLACEHOLDERS = List.of("n/a", "N/A", "tbd", " TBD ", "-", "?", ".", "x", "test",
            "asdf", "none", "null", "Unknown");
    static final List<String> STAGES = List.of("Prospecting", "Qualification", "Discovery", "Proposal",
            "Negotiation");
    private static final Map<String, List<String>> NOTES = Map.of(
            "Business_Problem__c", List.of("Manual reporting takes 3 days a month", "Churn up 4 points", "No pipeline visibility"),
            "Why_Now__c", List.of("Renewal with incumbent in Q1", "New CRO started", "Board asked for forecast accuracy"),
            "Decision_Maker__c", List.of("VP Sales", "CFO", "Head of RevOps"),
            "Stakeholders__c", List.of("VP Sales; RevOps lead", "CFO, IT security", "Sales managers"),
            "Use_Case__c", List.of("Forecasting", "Territory planning", "Pipeline inspection"),
            "Desired_Outcome__c", List.of("Forecast within 5%", "Cut reporting to 1 day", "Ramp reps faster"),
            "Objections__c", List.of("Price vs incumbent", "Security review needed", "Bandwidth this quarter"),
            "Next_Step__c", List.of("Demo with VP Sales Tuesday", "Send security pack", "Scoping call next week"),
            "Budget__c", List.of("50k approved", "Budget in next FY", "Up to 120k"),
            "Timeline__c", List.of("Decision by end of quarter", "Go-live in March", "Pilot in 6 weeks"));

    private final Org org;
    private final Ids ids;
    private final LocalDate start;
    private final Instant end;
    private final List<Instant> snapshotTimes;
    private final SampleBehaviour behaviour;
    private final WorkSchedule work;

    final Map<String, VersionedRecord> leads = new LinkedHashMap<>();
    final Map<String, VersionedRecord> events = new LinkedHashMap<>();
    final Map<String, VersionedRecord> tasks = new LinkedHashMap<>();
    final Map<String, VersionedRecord> opportunities = new LinkedHashMap<>();
    final List<Handoff> handoffs = new ArrayList<>();

    /** What the last submission of a lead was like, for its conversion. */
    private record Submission(String ae, boolean routedCorrectly, boolean followupActivated, boolean fastContact) {
    }

    LeadSimulator(Org org, Ids ids, LocalDate start, int days, List<Instant> snapshotTimes,
                  SampleBehaviour behaviour) {
        this.org = org;
        this.behaviour = behaviour;
        this.work = new WorkSchedule(behaviour);
        this.ids = ids;
        this.start = start;
        this.end = snapshotTimes.get(snapshotTimes.size() - 1);
        this.snapshotTimes = snapshotTimes;
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1");
        }
    }

    void simulate(SplittableRandom r) {
        Instant first = start.minusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant();
        long span = Duration.between(first, end.minusSeconds(3600)).getSeconds();
        Instant created = first.plusSeconds(r.nextLong(span));
        String region = pick(r, List.of("NA", "NA", "NA", "NA", "EMEA", "EMEA", "EMEA", "APAC", "APAC", "LATAM"));
        String segment = pick(r, List.of("SMB", "SMB", "SMB", "MID", "MID", "ENT"));
        String country = pick(r, Org.COUNTRIES.get(region));
        int employees = Org.employees(r, segment);
        String company = "Lead Co " + (leads.size() + 1);
        String matched = null;
        if (r.nextDouble() < 0.25) {
            List<String> accountIds = new ArrayList<>(org.accountRegion.keySet());
            matched = accountIds.get(r.nextInt(accountIds.size()));
            region = org.accountRegion.get(matched);
            segment = org.accountSegment.get(matched);
            country = org.accountCountry.get(matched);
            employees = Integer.parseInt(org.accounts.get(matched).stateAt(end).get("NumberOfEmployees"));
            company = org.accounts.get(matched).stateAt(end).get("Name");
        } else if (r.nextDouble() < 0.02) {
            country = pick(r, List.of("Nigeria", "ZA", "NZ"));
        }
        String sdr = pick(r, org.sdrsByRegion.get(region));
        boolean inbound = r.nextDouble() < 0.55;
        String id = ids.next("00Q");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Id", id);
        f.put("CreatedDate", Fmt.ts(created));
        f.put("OwnerId", sdr);
        f.put("Status", "Open");
        f.put("LeadSource", pick(r, inbound ? INBOUND : OUTBOUND));
        f.put("Company", company);
        f.put("Country", country);
        f.put("NumberOfEmployees", String.valueOf(employees));
        f.put("IsConverted", "false");
        f.put("Matched_Account__c", matched);
        f.put("SDR_Owner__c", sdr);
        f.put("Intent_Score__c", String.valueOf(r.nextInt(101)));
        f.put("FirstName", pick(r, List.of("Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley")));
        f.put("LastName", pick(r, List.of("Nguyen", "Smith", "Müller", "Rossi", "Tanaka", "Santos", "O'Brien")));
        f.put("Title", pick(r, List.of("VP Sales", "Director, RevOps", "CFO", "Sales Manager")));
        VersionedRecord lead = new VersionedRecord(id, created, f);
        leads.put(id, lead);

        if (r.nextDouble() < 0.25) {
            if (r.nextDouble() < 0.08) {
                lead.deleteAt(created.plus(Duration.ofHours(24 + r.nextInt(96))));
            }
            return;
        }
        String sdrZone = org.zoneOf.get(sdr);
        Instant worked = work.after(r, created, 30, 6 * 60, sdrZone);
        task(sdr, id, worked, pick(r, List.of("Call", "Email")));
        lead.set(worked, "Status", "Working");
        if (r.nextDouble() < 0.3) {
            task(sdr, id, work.after(r, worked, 120, 16 * 60, sdrZone), "Email");
            return;
        }
        Instant booked = work.after(r, worked, 60, 16 * 60, sdrZone);
        // Submitted in the same sitting as the booking, well inside the 24 hours that tie a meeting to it.
        Instant submitted = booked.plus(minutes(r, 5, 90));
        String ae = chooseAe(r, lead, submitted);
        String meeting = meeting(r, sdr, ae, id, matched, booked);
        lead.set(booked, "Status", "Meeting Booked");
        qualification(r, lead, submitted);
        Handed last = handoff(r, lead, sdr, ae, submitted);
        if (last != null) {
            opportunity(r, lead, meeting, last);
        }
    }

    /** The final handoff of a lead, accepted at {@code acceptedAt}. */
    private record Handed(Instant submittedAt, Instant acceptedAt, Submission submission) {
    }

    /** One submission and what follows it; returns the final handoff if it was accepted, or null. */
    private Handed handoff(SplittableRandom r, VersionedRecord lead, String sdr, String ae, Instant submitted) {
        Submission first = submit(r, lead, sdr, ae, submitted);
        String current = ae;
        double path = r.nextDouble();
        if (path >= 0.60 && path < 0.75) {
            // Reassigned on a later day than the submission, so daily snapshots see both AEs.
            Instant moved = submitted.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atTime(14, 0)
                    .toInstant(ZoneOffset.UTC).plus(minutes(r, 0, 240));
            String other = otherAe(r, ae);
            lead.set(moved, "Handoff_AE__c", other);
            current = other;
            if (r.nextDouble() < 0.35) {
                lead.set(moved.plus(Duration.ofDays(1)), "Handoff_AE__c", ae);
                current = ae;
            }
        }
        String zone = org.zoneOf.get(current);
        if (path < 0.60) {
            return new Handed(submitted, accept(lead, current, work.after(r, submitted, 10, 6 * 60, zone)), first);
        } else if (path < 0.75) {
            return new Handed(submitted, accept(lead, current, work.after(r, submitted, 12 * 60, 40 * 60, zone)),
                    first);
        } else if (path < 0.88) {
            Instant rejected = work.after(r, submitted, 60, 16 * 60, zone);
            lead.set(rejected, "Handoff_Rejected_At__c", Fmt.ts(rejected));
            lead.set(rejected, "Status", "Recycled");
            if (r.nextDouble() < 0.55) {
                Instant again = work.after(r, rejected, 16 * 60, 32 * 60, org.zoneOf.get(sdr));
                String next = r.nextDouble() < 0.85 ? chooseAe(r, lead, again) : otherAe(r, ae);
                Submission second = submit(r, lead, sdr, next, again);
                return new Handed(again, accept(lead, next, work.after(r, again, 10, 8 * 60, org.zoneOf.get(next))),
                        second);
            }
            return null;
        }
        return null;
    }

    /**
     * A submission overwrites the handoff fields, as a re-handoff does in the CRM, and gets the AE's first
     * contact, fast or slow.
     */
    private Submission submit(SplittableRandom r, VersionedRecord lead, String sdr, String ae, Instant at) {
        lead.set(at, "Handoff_Submitted_At__c", Fmt.ts(at));
        lead.set(at, "Handoff_AE__c", ae);
        lead.set(at, "Handoff_Accepted_At__c", null);
        lead.set(at, "Handoff_Rejected_At__c", null);
        lead.set(at, "Status", "Handed Off");
        handoffs.add(new Handoff(lead.id(), at, sdr, ae));
        boolean correct = Routing.CORRECT.equals(
                Routing.expect(org, lead.stateAt(at), at, snapshotTimes).verdict(ae));
        boolean fast = r.nextDouble() < behaviour.fastContactShare();
        double p = r.nextDouble();
        boolean activated = p < 0.75;
        if (p < 0.9) {
            followup(r, ae, lead, at, fast, activated);
        }
        // No touch at all is as slow as a first contact gets.
        return new Submission(ae, correct, activated, fast && p < 0.9);
    }

    private Instant accept(VersionedRecord lead, String ae, Instant at) {
        lead.set(at, "Handoff_Accepted_At__c", Fmt.ts(at));
        lead.set(at, "Status", "Accepted");
        lead.set(at, "OwnerId", ae);
        return at;
    }

    /** Mostly the AE the routing rules expect; sometimes a misroute to someone else. */
    private String chooseAe(SplittableRandom r, VersionedRecord lead, Instant at) {
        Routing.Expectation expected = Routing.expect(org, lead.stateAt(at), at, snapshotTimes);
        boolean correct = r.nextDouble() < 0.82;
        if (correct && expected.owner() != null) {
            return expected.owner();
        }
        if (correct && !expected.pool().isEmpty()) {
            return pick(r, expected.pool());
        }
        List<String> others = new ArrayList<>();
        for (String ae : org.allAes) {
            boolean active = "true".equals(Org.asOfSnapshot(org.users.get(ae), at, snapshotTimes).get("IsActive"));
            if (active && !ae.equals(expected.owner()) && !expected.pool().contains(ae)) {
                others.add(ae);
            }
        }
        return pick(r, others);
    }

    private String otherAe(SplittableRandom r, String ae) {
        List<String> others = new ArrayList<>(org.allAes);
        others.remove(ae);
        return pick(r, others);
    }

    private void qualification(SplittableRandom r, VersionedRecord lead, Instant submitted) {
        for (String field : QUALIFICATION) {
            double p = r.nextDouble();
            String note = pick(r, NOTES.get(field));
            if (field.equals("Decision_Maker__c") && p < 0.06) {
                lead.set(submitted, field, r.nextBoolean() ? "Unknown" : "unknown");
            } else if (p < 0.80) {
                lead.set(submitted, field, note);
            } else if (p < 0.87) {
                lead.set(submitted, field, r.nextBoolean() ? null : "  ");
            } else if (p < 0.95) {
                lead.set(submitted, field, pick(r, PLACEHOLDERS));
            } else {
                lead.set(submitted.plus(Duration.ofDays(2)).plus(minutes(r, 0, 600)), field, note);
            }
        }
    }

    /**
     * The AE's follow-up, done in their working time, fast (well inside the first-contact SLA: 4 business
     * hours, 1 for a high-intent lead) or slow: a call task activated within the hour of the submission
     * (checklist item 9), or else an email task created when it is sent.
     */
    private void followup(SplittableRandom r, String ae, VersionedRecord lead, Instant submitted, boolean fast,
                          boolean activatedWithinHour) {
        String zone = org.zoneOf.get(ae);
        boolean highIntent = Double.parseDouble(lead.stateAt(submitted).get("Intent_Score__c")) >= 80;
        Instant done = fast ? work.after(r, submitted, 5, highIntent ? 40 : 3 * 60, zone)
                : work.after(r, submitted, highIntent ? 90 : 5 * 60, 24 * 60, zone);
        if (activatedWithinHour) {
            long room = Math.min(58, Duration.between(submitted, done).toMinutes() - 3);
            Instant activated = submitted.plus(Duration.ofMinutes(2 + r.nextInt((int) Math.max(1, room - 1))));
            task(ae, lead.id(), activated, done, "Call");
        } else {
            Instant notBefore = submitted.plus(Duration.ofMinutes(80));
            Instant sent = done.isAfter(notBefore) ? done : notBefore;
            task(ae, lead.id(), sent.minus(Duration.ofMinutes(15)), sent, "Email");
        }
    }

    private void task(String owner, String leadId, Instant created, String subtype) {
        task(owner, leadId, created, created.plus(Duration.ofMinutes(15)), subtype);
    }

    private void task(String owner, String leadId, Instant created, Instant done, String subtype) {
        String id = ids.next("00T");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Id", id);
        f.put("WhoId", leadId);
        f.put("OwnerId", owner);
        f.put("CreatedById", owner);
        f.put("CreatedDate", Fmt.ts(created));
        f.put("TaskSubtype", subtype);
        f.put("Status", "Open");
        f.put("Subject", subtype + " with lead");
        VersionedRecord task = new VersionedRecord(id, created, f);
        task.set(done, "Status", "Completed");
        task.set(done, "CompletedDateTime", Fmt.ts(done));
        tasks.put(id, task);
    }

    /** Booked by the SDR, owned by the AE; held, no-show, canceled, or rescheduled then held or no-show. */
    private String meeting(SplittableRandom r, String sdr, String ae, String leadId, String account, Instant booked) {
        String id = ids.next("00U");
        String zone = org.zoneOf.get(ae);
        Instant startAt = work.meetingSlot(r, booked, zone);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Id", id);
        f.put("WhoId", leadId);
        f.put("WhatId", account);
        f.put("OwnerId", ae);
        f.put("CreatedById", sdr);
        f.put("CreatedDate", Fmt.ts(booked));
        f.put("StartDateTime", Fmt.ts(startAt));
        f.put("Type", "Meeting");
        f.put("Meeting_Outcome__c", null);
        f.put("Subject", "Discovery call");
        f.put("DurationInMinutes", "30");
        VersionedRecord event = new VersionedRecord(id, booked, f);
        events.put(id, event);
        double p = r.nextDouble();
        if (p < 0.10) {
            Instant canceled = booked.plus(Duration.between(booked, startAt).dividedBy(2));
            event.set(canceled, "Meeting_Outcome__c", "Canceled");
            return id;
        }
        if (p < 0.22) {
            Instant moved = startAt.minus(Duration.ofHours(2));
            startAt = work.meetingSlot(r, startAt.plus(Duration.ofDays(1)), zone);
            event.set(moved, "StartDateTime", Fmt.ts(startAt));
            event.set(moved, "Meeting_Outcome__c", "Rescheduled");
            p = r.nextDouble() < 0.7 ? 0.5 : 0.9;
        }
        event.set(startAt.plus(Duration.ofHours(1)), "Meeting_Outcome__c", p < 0.8 ? "Held" : "No Show");
        return id;
    }

    /**
     * An opportunity, or none, for an accepted final handoff: likelier the better the handoff (SampleBehaviour).
     * Created by the AE some working days after a held first meeting, or later after a no-show; it then
     * advances stage by stage, stalls, is won or is lost.
     */
    private void opportunity(SplittableRandom r, VersionedRecord lead, String meetingId, Handed handed) {
        Map<String, String> last = events.get(meetingId).stateAt(Instant.MAX.minusSeconds(1));
        String outcome = last.get("Meeting_Outcome__c");
        boolean held = "Held".equals(outcome);
        if (!held && !"No Show".equals(outcome)) {
            return;
        }
        Submission s = handed.submission();
        double chance = behaviour.conversion(missingItems(lead.stateAt(handed.submittedAt()), s), s.fastContact(),
                held);
        if (r.nextDouble() >= chance) {
            return;
        }
        String owner = s.ae();
        String zone = org.zoneOf.get(owner);
        Instant met = Fmt.parseTs(last.get("StartDateTime"));
        Instant created = held ? work.after(r, met, 60, 6 * 8 * 60, zone) : work.after(r, met, 5 * 8 * 60, 15 * 8 * 60, zone);
        if (created.isBefore(handed.acceptedAt())) {
            created = work.after(r, handed.acceptedAt(), 30, 4 * 60, zone);
        }
        Map<String, String> state = lead.stateAt(created);
        String account = state.get("Matched_Account__c");
        owner = state.get("OwnerId");
        if (account == null) {
            account = ids.next("001");
            Map<String, String> a = new LinkedHashMap<>();
            a.put("Id", account);
            a.put("Name", state.get("Company"));
            a.put("OwnerId", owner);
            a.put("BillingCountry", state.get("Country"));
            a.put("NumberOfEmployees", state.get("NumberOfEmployees"));
            a.put("CreatedDate", Fmt.ts(created));
            a.put("Industry", "Software");
            org.accounts.put(account, new VersionedRecord(account, created, a));
        }
        String id = ids.next("006");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Id", id);
        f.put("AccountId", account);
        f.put("OwnerId", owner);
        f.put("CreatedDate", Fmt.ts(created));
        f.put("StageName", STAGES.get(0));
        f.put("IsClosed", "false");
        f.put("IsWon", "false");
        f.put("Amount", BigDecimal.valueOf(5000 + r.nextInt(195000)).setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        f.put("CloseDate", Fmt.date(created.atZone(ZoneOffset.UTC).toLocalDate().plusDays(60)));
        f.put("Name", state.get("Company") + " - New Business");
        VersionedRecord opp = new VersionedRecord(id, created, f);
        opportunities.put(id, opp);
        lead.set(created, "IsConverted", "true");
        lead.set(created, "ConvertedDate", Fmt.date(created.atZone(ZoneOffset.UTC).toLocalDate()));
        lead.set(created, "ConvertedAccountId", account);
        lead.set(created, "ConvertedOpportunityId", id);
        lead.set(created, "Status", "Converted");

        // A stage takes 1 to 8 working days, so deals opened early in the period close inside it.
        String ownerZone = org.zoneOf.get(owner);
        Instant t = created;
        for (int stage = 1; ; stage++) {
            t = work.after(r, t, 8 * 60, 8 * 8 * 60, ownerZone);
            double p = r.nextDouble();
            if (p < 0.08) {
                return;
            }
            boolean lost = p < 0.20 || (stage == STAGES.size() && r.nextDouble() < 0.4);
            if (lost || stage == STAGES.size()) {
                opp.set(t, "StageName", lost ? "Closed Lost" : "Closed Won");
                opp.set(t, "IsClosed", "true");
                opp.set(t, "IsWon", Fmt.bool(!lost));
                opp.set(t, "CloseDate", Fmt.date(t.atZone(ZoneOffset.UTC).toLocalDate()));
                return;
            }
            opp.set(t, "StageName", STAGES.get(stage));
        }
    }

    /**
     * The checklist items (DESIGN section 4) the simulation left missing at a submission, as it knows them:
     * the fields as set at the submission instant, whether it routed correctly and activated the follow-up.
     */
    private static List<String> missingItems(Map<String, String> lead, Submission s) {
        List<String> missing = new ArrayList<>();
        if (!s.routedCorrectly()) {
            missing.add("routing");
        }
        missing.addAll(GroundTruth.missingNotes(lead));
        if (!s.followupActivated()) {
            missing.add("followup_task");
        }
        return missing;
    }

    private static Duration minutes(SplittableRandom r, int min, int max) {
        return Duration.ofMinutes(min + r.nextInt(max - min + 1));
    }

    private static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
