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

    final Map<String, VersionedRecord> leads = new LinkedHashMap<>();
    final Map<String, VersionedRecord> events = new LinkedHashMap<>();
    final Map<String, VersionedRecord> tasks = new LinkedHashMap<>();
    final Map<String, VersionedRecord> opportunities = new LinkedHashMap<>();
    final List<Handoff> handoffs = new ArrayList<>();

    LeadSimulator(Org org, Ids ids, LocalDate start, int days, List<Instant> snapshotTimes) {
        this.org = org;
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
        Instant worked = created.plus(minutes(r, 60, 30 * 60));
        task(sdr, id, worked, "Completed", pick(r, List.of("Call", "Email")));
        lead.set(worked, "Status", "Working");
        if (r.nextDouble() < 0.3) {
            task(sdr, id, worked.plus(minutes(r, 120, 48 * 60)), "Completed", "Email");
            return;
        }
        Instant booked = worked.plus(minutes(r, 120, 48 * 60));
        Instant submitted = booked.plus(minutes(r, 30, 20 * 60));
        String ae = chooseAe(r, lead, submitted);
        String meeting = meeting(r, sdr, ae, id, matched, booked);
        lead.set(booked, "Status", "Meeting Booked");
        qualification(r, lead, submitted);
        Instant finalAcceptance = handoff(r, lead, sdr, ae, submitted);
        if (finalAcceptance != null) {
            opportunity(r, lead, meeting, finalAcceptance);
        }
    }

    /** One submission and what follows it; returns when the final handoff was accepted, or null. */
    private Instant handoff(SplittableRandom r, VersionedRecord lead, String sdr, String ae, Instant submitted) {
        submit(r, lead, sdr, ae, submitted);
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
        if (path < 0.60) {
            return accept(lead, current, submitted.plus(minutes(r, 10, 6 * 60)));
        } else if (path < 0.75) {
            return accept(lead, current, submitted.plus(minutes(r, 36 * 60, 96 * 60)));
        } else if (path < 0.88) {
            Instant rejected = submitted.plus(minutes(r, 60, 30 * 60));
            lead.set(rejected, "Handoff_Rejected_At__c", Fmt.ts(rejected));
            lead.set(rejected, "Status", "Recycled");
            if (r.nextDouble() < 0.55) {
                Instant again = rejected.atZone(ZoneOffset.UTC).toLocalDate().plusDays(2 + r.nextInt(3))
                        .atTime(8 + r.nextInt(10), r.nextInt(60)).toInstant(ZoneOffset.UTC);
                String next = r.nextDouble() < 0.85 ? chooseAe(r, lead, again) : otherAe(r, ae);
                submit(r, lead, sdr, next, again);
                return accept(lead, next, again.plus(minutes(r, 10, 8 * 60)));
            }
            return null;
        }
        return null;
    }

    /** A submission overwrites the handoff fields, as a re-handoff does in the CRM, and may get a follow-up. */
    private void submit(SplittableRandom r, VersionedRecord lead, String sdr, String ae, Instant at) {
        lead.set(at, "Handoff_Submitted_At__c", Fmt.ts(at));
        lead.set(at, "Handoff_AE__c", ae);
        lead.set(at, "Handoff_Accepted_At__c", null);
        lead.set(at, "Handoff_Rejected_At__c", null);
        lead.set(at, "Status", "Handed Off");
        handoffs.add(new Handoff(lead.id(), at, sdr, ae));
        followup(r, ae, lead.id(), at);
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
            } else if (p < 0.75) {
                lead.set(submitted, field, note);
            } else if (p < 0.84) {
                lead.set(submitted, field, r.nextBoolean() ? null : "  ");
            } else if (p < 0.94) {
                lead.set(submitted, field, pick(r, PLACEHOLDERS));
            } else {
                lead.set(submitted.plus(Duration.ofDays(2)).plus(minutes(r, 0, 600)), field, note);
            }
        }
    }

    private void followup(SplittableRandom r, String ae, String leadId, Instant submitted) {
        double p = r.nextDouble();
        if (p < 0.75) {
            task(ae, leadId, submitted.plus(minutes(r, 2, 58)), "Completed", "Call");
        } else if (p < 0.9) {
            task(ae, leadId, submitted.plus(minutes(r, 90, 30 * 60)), "Completed", "Email");
        }
    }

    private void task(String owner, String leadId, Instant created, String status, String subtype) {
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
        Instant done = created.plus(Duration.ofMinutes(15));
        task.set(done, "Status", status);
        task.set(done, "CompletedDateTime", Fmt.ts(done));
        tasks.put(id, task);
    }

    /** Booked by the SDR, owned by the AE; held, no-show, canceled, or rescheduled then held or no-show. */
    private String meeting(SplittableRandom r, String sdr, String ae, String leadId, String account, Instant booked) {
        String id = ids.next("00U");
        Instant startAt = booked.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1 + r.nextInt(5))
                .atTime(13 + r.nextInt(8), 30 * r.nextInt(2)).toInstant(ZoneOffset.UTC);
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
            startAt = startAt.plus(Duration.ofDays(2 + r.nextInt(4)));
            event.set(moved, "StartDateTime", Fmt.ts(startAt));
            event.set(moved, "Meeting_Outcome__c", "Rescheduled");
            p = r.nextDouble() < 0.7 ? 0.5 : 0.9;
        }
        event.set(startAt.plus(Duration.ofHours(1)), "Meeting_Outcome__c", p < 0.8 ? "Held" : "No Show");
        return id;
    }

    /** Opportunities from held meetings of accepted handoffs: created, then advancing, stalling, won or lost. */
    private void opportunity(SplittableRandom r, VersionedRecord lead, String meetingId, Instant accepted) {
        VersionedRecord meeting = events.get(meetingId);
        Map<String, String> last = meeting.stateAt(Instant.MAX.minusSeconds(1));
        if (!"Held".equals(last.get("Meeting_Outcome__c")) || r.nextDouble() >= 0.6) {
            return;
        }
        Instant held = Fmt.parseTs(last.get("StartDateTime"));
        Instant created = held.plus(minutes(r, 6 * 60, 40 * 24 * 60));
        if (created.isBefore(accepted)) {
            created = accepted.plus(Duration.ofHours(2));
        }
        Map<String, String> state = lead.stateAt(created);
        String account = state.get("Matched_Account__c");
        String owner = state.get("OwnerId");
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

        Instant t = created;
        for (int stage = 1; ; stage++) {
            t = t.plus(minutes(r, 2 * 24 * 60, 12 * 24 * 60));
            double p = r.nextDouble();
            if (p < 0.23) {
                return;
            }
            boolean lost = p < 0.35 || (stage == STAGES.size() && r.nextDouble() < 0.4);
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

    private static Duration minutes(SplittableRandom r, int min, int max) {
        return Duration.ofMinutes(min + r.nextInt(max - min + 1));
    }

    private static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
