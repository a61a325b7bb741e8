package com.handoffwarehouse.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The exact counts the generated sample holds, computed from the simulated records as the daily snapshots
 * show them, with the contract's rules (DESIGN sections 3-5) implemented here independently of Spark.
 */
final class GroundTruth {
    static final List<String> ITEMS = SampleBehaviour.ITEMS;
    private static final List<String> BANT = List.of("Budget__c", "Decision_Maker__c", "Business_Problem__c",
            "Timeline__c");
    private static final Set<String> PLACEHOLDERS = Set.of("n/a", "na", "tbd", "-", "?", ".", "x", "test", "asdf",
            "none", "null", "unknown");
    private static final double ACCEPTANCE_SLA_HOURS = 8;

    static final String FLAGGED_DELETED = "flagged_deleted";

    /**
     * One handoff as the warehouse must find it. {@code verdict} and {@code expected} judge routing on the
     * users and accounts as the latest snapshot at or before the submission shows them, which is all daily
     * snapshots can know; {@code verdictExact} and {@code expectedExact} judge it on their state at the
     * submission instant, which History Mode input lets the warehouse know.
     */
    record HandoffTruth(String leadId, int seq, String sdrId, String aeId, String currentAeId, Instant submittedAt,
                        String acceptedAt, String rejectedAt, int reassignments, String verdict, String expected,
                        List<String> missing, Boolean acceptedInSla, Instant windowEnd, double intentScore,
                        String verdictExact, String expectedExact) {
    }

    /** What happened inside a handoff's window (DESIGN section 3), for the funnel and first-contact SLA. */
    record Activity(Instant firstContact, Boolean contactedInSla, String firstMeetingOutcome, boolean meetingDue,
                    boolean m2oEligible, boolean m2oConverted, boolean hasOpportunity) {
    }

    final List<Activity> activities = new ArrayList<>();

    final Map<String, Map<String, Map<String, Object>>> files = new TreeMap<>();
    final List<HandoffTruth> handoffs = new ArrayList<>();
    final Map<String, Object> counts = new LinkedHashMap<>();

    /** @param flagged rows written flagged deleted, or null where the shape writes no deletion flags */
    void file(String object, String date, int rows, Map<String, Integer> defects, Integer flagged) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("rows", rows);
        Map<String, Integer> byRule = new LinkedHashMap<>();
        DefectInjector.RULES.forEach(rule -> byRule.put(rule, defects.getOrDefault(rule, 0)));
        entry.put("defects", byRule);
        if (flagged != null) {
            entry.put(FLAGGED_DELETED, flagged);
        }
        files.computeIfAbsent(object, o -> new TreeMap<>()).put(date, entry);
    }

    /** Checklist items 2 to 8 missing from the lead's fields, in the items' order. */
    static List<String> missingNotes(Map<String, String> lead) {
        List<String> missing = new ArrayList<>();
        if (!BANT.stream().allMatch(f -> filled(lead.get(f)))) {
            missing.add("framework");
        }
        check(missing, "business_problem", filled(lead.get("Business_Problem__c")));
        check(missing, "why_now", filled(lead.get("Why_Now__c")));
        String dm = lead.get("Decision_Maker__c");
        check(missing, "stakeholders", filled(dm) || (dm != null && dm.trim().equalsIgnoreCase("unknown")));
        check(missing, "use_case_outcome", filled(lead.get("Use_Case__c")) && filled(lead.get("Desired_Outcome__c")));
        check(missing, "objections", filled(lead.get("Objections__c")));
        check(missing, "next_step", filled(lead.get("Next_Step__c")));
        return missing;
    }

    static boolean filled(String v) {
        return v != null && !v.trim().isEmpty() && !PLACEHOLDERS.contains(v.trim().toLowerCase(Locale.ROOT));
    }

    void compute(Org org, LeadSimulator sim, List<Instant> snapshots) {
        Instant end = snapshots.get(snapshots.size() - 1);
        Map<String, List<Handoff>> byLead = new LinkedHashMap<>();
        sim.handoffs.stream().filter(h -> !h.submittedAt().isAfter(end))
                .sorted(Comparator.comparing(Handoff::leadId).thenComparing(Handoff::submittedAt))
                .forEach(h -> byLead.computeIfAbsent(h.leadId(), k -> new ArrayList<>()).add(h));
        Map<String, List<VersionedRecord>> tasksByLead = byWho(sim.tasks.values(), end);
        Map<String, List<VersionedRecord>> eventsByLead = byWho(sim.events.values(), end);
        byLead.forEach((leadId, all) -> {
            VersionedRecord lead = sim.leads.get(leadId);
            // A submission overwritten before any snapshot saw it is invisible to the warehouse, and so here.
            List<Handoff> list = all.stream().filter(h -> !states(lead, h, snapshots).isEmpty()).toList();
            List<HandoffTruth> ofLead = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Handoff h = list.get(i);
                Instant next = i + 1 < list.size() ? list.get(i + 1).submittedAt() : null;
                ofLead.add(handoff(org, lead, h, i + 1, next, snapshots, end,
                        tasksByLead.getOrDefault(leadId, List.of())));
            }
            handoffs.addAll(ofLead);
            activities.addAll(activity(org, sim, lead, ofLead, end, tasksByLead.getOrDefault(leadId, List.of()),
                    eventsByLead.getOrDefault(leadId, List.of())));
        });

        Map<String, Integer> verdicts = new TreeMap<>();
        Map<String, Integer> verdictsExact = new TreeMap<>();
        Map<String, Integer> missing = new LinkedHashMap<>();
        ITEMS.forEach(item -> missing.put(item, 0));
        int accepted = 0;
        int rejected = 0;
        int reassigned = 0;
        int eligible = 0;
        int inSla = 0;
        for (HandoffTruth h : handoffs) {
            verdicts.merge(h.verdict(), 1, Integer::sum);
            verdictsExact.merge(h.verdictExact(), 1, Integer::sum);
            h.missing().forEach(item -> missing.merge(item, 1, Integer::sum));
            if (h.acceptedAt() != null && h.rejectedAt() == null) {
                accepted++;
            }
            if (h.rejectedAt() != null) {
                rejected++;
            }
            if (h.reassignments() > 0) {
                reassigned++;
            }
            if (h.acceptedInSla() != null) {
                eligible++;
                if (h.acceptedInSla()) {
                    inSla++;
                }
            }
        }
        counts.put("handoffs", handoffs.size());
        counts.put("re_handoffs", handoffs.stream().filter(h -> h.seq() > 1).count());
        counts.put("accepted", accepted);
        counts.put("acceptance_eligible", eligible);
        counts.put("accepted_within_sla", inSla);
        counts.put("rejected", rejected);
        counts.put("reassigned_handoffs", reassigned);
        counts.put("reassignments", handoffs.stream().mapToInt(HandoffTruth::reassignments).sum());
        counts.put("routing_verdicts", verdicts);
        counts.put("routing_verdicts_exact", verdictsExact);
        counts.put("checklist_missing", missing);
        counts.put("funnel", funnel());
        counts.put("median_hours_to_first_contact", medianHoursToFirstContact());
        counts.put("meetings", meetings(sim, snapshots, end));
        counts.put("opportunities_by_stage", stages(sim, end));
        counts.put("leads_deleted", deleted(sim, snapshots));
    }

    /** @param tasks the tasks on the lead visible at the end */
    private HandoffTruth handoff(Org org, VersionedRecord lead, Handoff h, int seq, Instant next,
                                 List<Instant> snapshots, Instant end, List<VersionedRecord> tasks) {
        List<Map<String, String>> states = states(lead, h, snapshots);
        Map<String, String> first = states.get(0);
        Map<String, String> last = states.get(states.size() - 1);
        int reassignments = 0;
        for (int i = 1; i < states.size(); i++) {
            if (!Objects.equals(states.get(i).get("Handoff_AE__c"), states.get(i - 1).get("Handoff_AE__c"))) {
                reassignments++;
            }
        }
        String ae = first.get("Handoff_AE__c");
        Routing.Expectation expected = Routing.expect(org, first, h.submittedAt(), snapshots);
        String verdict = expected.verdict(ae);
        // A single "snapshot" at the submission makes the users and accounts stand as they did at that instant.
        Routing.Expectation exact = Routing.expect(org, first, h.submittedAt(), List.of(h.submittedAt()));

        List<String> missing = new ArrayList<>();
        if (!verdict.equals(Routing.CORRECT)) {
            missing.add("routing");
        }
        missing.addAll(missingNotes(first));
        Instant hourAfter = h.submittedAt().plusSeconds(3600);
        boolean followup = tasks.stream().anyMatch(t -> {
            Map<String, String> s = t.stateAt(end);
            return lead.id().equals(s.get("WhoId")) && ae.equals(s.get("OwnerId"))
                    && !t.createdAt().isBefore(h.submittedAt()) && !t.createdAt().isAfter(hourAfter);
        });
        check(missing, "followup_task", followup);

        String current = last.get("Handoff_AE__c");
        String acceptedAt = last.get("Handoff_Accepted_At__c");
        String rejectedAt = last.get("Handoff_Rejected_At__c");
        Instant rejected = Fmt.parseTs(rejectedAt);
        Instant windowEnd = rejected == null ? next : next == null ? rejected
                : rejected.isBefore(next) ? rejected : next;
        Instant due = WorkingClock.deadline(h.submittedAt(), ACCEPTANCE_SLA_HOURS, org.zoneOf.get(current));
        boolean decided = !due.isAfter(end) || (windowEnd != null && !windowEnd.isAfter(end));
        Instant acceptedInstant = Fmt.parseTs(acceptedAt);
        Boolean inSla = decided ? acceptedInstant != null && rejected == null && !acceptedInstant.isAfter(due) : null;
        return new HandoffTruth(lead.id(), seq, h.sdrId(), ae, current, h.submittedAt(), acceptedAt, rejectedAt,
                reassignments, verdict, expected.describe(), missing, inSla, windowEnd,
                Double.parseDouble(first.get("Intent_Score__c")), exact.verdict(ae), exact.describe());
    }

    private static final double MEETING_LOOKBACK_HOURS = 24;
    private static final long M2O_DAYS = 30;

    private static boolean inWindow(Instant ts, HandoffTruth h) {
        return ts != null && !ts.isBefore(h.submittedAt()) && (h.windowEnd() == null || ts.isBefore(h.windowEnd()));
    }

    /** Touches, first meeting and opportunity per handoff, from the records as the last snapshot shows them. */
    private static Map<String, List<VersionedRecord>> byWho(java.util.Collection<VersionedRecord> records, Instant end) {
        Map<String, List<VersionedRecord>> out = new java.util.HashMap<>();
        for (VersionedRecord r : records) {
            if (r.visibleAt(end)) {
                out.computeIfAbsent(r.stateAt(end).get("WhoId"), k -> new ArrayList<>()).add(r);
            }
        }
        return out;
    }

    private static List<Activity> activity(Org org, LeadSimulator sim, VersionedRecord lead, List<HandoffTruth> ofLead,
                                           Instant end, List<VersionedRecord> tasks, List<VersionedRecord> events) {
        Map<String, String> leadNow = lead.stateAt(lead.visibleAt(end) ? end : lastVisible(lead, end));
        String oppId = leadNow.get("ConvertedOpportunityId");
        VersionedRecord opp = oppId == null ? null : sim.opportunities.get(oppId);
        Instant oppCreated = opp != null && opp.visibleAt(end) ? opp.createdAt() : null;
        int oppSeq = 0;
        for (HandoffTruth h : ofLead) {
            if (oppCreated != null && !h.submittedAt().isAfter(oppCreated)) {
                oppSeq = h.seq();
            }
        }
        List<Activity> out = new ArrayList<>();
        Instant previousEnd = null;
        for (HandoffTruth h : ofLead) {
            Instant firstContact = null;
            for (VersionedRecord t : tasks) {
                Map<String, String> s = t.stateAt(end);
                Instant done = Fmt.parseTs(s.get("CompletedDateTime"));
                if (t.visibleAt(end) && lead.id().equals(s.get("WhoId")) && h.currentAeId().equals(s.get("OwnerId"))
                        && "Completed".equals(s.get("Status")) && inWindow(done, h)
                        && (firstContact == null || done.isBefore(firstContact))) {
                    firstContact = done;
                }
            }
            Instant lookback = h.submittedAt().minusSeconds((long) (MEETING_LOOKBACK_HOURS * 3600));
            Instant meetingFrom = previousEnd != null && previousEnd.isAfter(lookback) ? previousEnd : lookback;
            Map<String, String> firstMeeting = null;
            for (VersionedRecord e : events) {
                Map<String, String> s = e.stateAt(end);
                Instant start = Fmt.parseTs(s.get("StartDateTime"));
                if (lead.id().equals(s.get("WhoId")) && "Held".equals(s.get("Meeting_Outcome__c"))
                        && h.currentAeId().equals(s.get("OwnerId")) && inWindow(start, h)
                        && (firstContact == null || start.isBefore(firstContact))) {
                    firstContact = start;
                }
                Instant booked = e.createdAt();
                boolean inMeetingWindow = !booked.isBefore(meetingFrom)
                        && (h.windowEnd() == null || booked.isBefore(h.windowEnd()));
                if (lead.id().equals(s.get("WhoId")) && inMeetingWindow && (firstMeeting == null
                        || start.isBefore(Fmt.parseTs(firstMeeting.get("StartDateTime")))
                        || (start.equals(Fmt.parseTs(firstMeeting.get("StartDateTime")))
                        && s.get("Id").compareTo(firstMeeting.get("Id")) < 0))) {
                    firstMeeting = s;
                }
            }
            previousEnd = h.windowEnd();
            String zone = org.zoneOf.get(h.currentAeId());
            Instant contactDue = WorkingClock.deadline(h.submittedAt(), h.intentScore() >= 80 ? 1 : 4, zone);
            boolean decided = !contactDue.isAfter(end) || (h.windowEnd() != null && !h.windowEnd().isAfter(end));
            Boolean contacted = decided ? firstContact != null && !firstContact.isAfter(contactDue) : null;
            String outcome = firstMeeting == null ? null : firstMeeting.get("Meeting_Outcome__c");
            if (outcome != null && !List.of("Held", "No Show", "Canceled").contains(outcome)) {
                outcome = null;
            }
            Instant start = firstMeeting == null ? null : Fmt.parseTs(firstMeeting.get("StartDateTime"));
            boolean due = start != null && !start.isAfter(end) && !"Canceled".equals(outcome);
            boolean eligible = "Held".equals(outcome) && !start.plusSeconds(M2O_DAYS * 86400).isAfter(end);
            boolean hasOpp = oppSeq == h.seq();
            boolean converted = eligible && hasOpp && !oppCreated.isAfter(start.plusSeconds(M2O_DAYS * 86400));
            out.add(new Activity(firstContact, contacted, outcome, due, eligible, converted, hasOpp));
        }
        return out;
    }

    private static Instant lastVisible(VersionedRecord lead, Instant end) {
        Instant t = end;
        while (!lead.visibleAt(t) && t.isAfter(lead.createdAt())) {
            t = t.minusSeconds(86400);
        }
        return t;
    }

    private Map<String, Long> funnel() {
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("contact_eligible", activities.stream().filter(a -> a.contactedInSla() != null).count());
        f.put("contacted_in_sla", activities.stream().filter(a -> Boolean.TRUE.equals(a.contactedInSla())).count());
        f.put("meetings_due", activities.stream().filter(Activity::meetingDue).count());
        f.put("meetings_held", activities.stream().filter(a -> a.meetingDue() && "Held".equals(a.firstMeetingOutcome()))
                .count());
        f.put("meetings_no_show", activities.stream()
                .filter(a -> a.meetingDue() && "No Show".equals(a.firstMeetingOutcome())).count());
        f.put("m2o_eligible", activities.stream().filter(Activity::m2oEligible).count());
        f.put("m2o_converted", activities.stream().filter(Activity::m2oConverted).count());
        f.put("opportunities", activities.stream().filter(Activity::hasOpportunity).count());
        return f;
    }

    /** Linear interpolation between order statistics, as Spark's exact percentile computes a median. */
    private Double medianHoursToFirstContact() {
        List<Double> hours = new ArrayList<>();
        for (int i = 0; i < handoffs.size(); i++) {
            Instant contact = activities.get(i).firstContact();
            if (contact != null) {
                hours.add((contact.toEpochMilli() - handoffs.get(i).submittedAt().toEpochMilli()) / 3_600_000.0);
            }
        }
        if (hours.isEmpty()) {
            return null;
        }
        hours.sort(Double::compare);
        double position = 0.5 * (hours.size() - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return hours.get(lower) + (hours.get(upper) - hours.get(lower)) * (position - lower);
    }

    /** The lead in every snapshot that shows this submission, in snapshot order. */
    private static List<Map<String, String>> states(VersionedRecord lead, Handoff h, List<Instant> snapshots) {
        String submitted = Fmt.ts(h.submittedAt());
        List<Map<String, String>> states = new ArrayList<>();
        for (Instant t : snapshots) {
            if (!t.isBefore(h.submittedAt()) && lead.visibleAt(t)) {
                Map<String, String> s = lead.stateAt(t);
                if (submitted.equals(s.get("Handoff_Submitted_At__c"))) {
                    states.add(s);
                }
            }
        }
        return states;
    }

    private static void check(List<String> missing, String item, boolean present) {
        if (!present) {
            missing.add(item);
        }
    }

    private static Map<String, Object> meetings(LeadSimulator sim, List<Instant> snapshots, Instant end) {
        Map<String, Integer> byOutcome = new LinkedHashMap<>();
        for (String o : List.of("Held", "No Show", "Canceled", "pending")) {
            byOutcome.put(o, 0);
        }
        int rescheduled = 0;
        for (VersionedRecord e : sim.events.values()) {
            if (!e.visibleAt(end)) {
                continue;
            }
            String outcome = e.stateAt(end).get("Meeting_Outcome__c");
            byOutcome.merge(outcome != null && byOutcome.containsKey(outcome) ? outcome : "pending", 1,
                    Integer::sum);
            Set<String> starts = new LinkedHashSet<>();
            snapshots.stream().filter(e::visibleAt).forEach(t -> starts.add(e.stateAt(t).get("StartDateTime")));
            if (starts.size() > 1) {
                rescheduled++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("by_final_outcome", byOutcome);
        out.put("rescheduled", rescheduled);
        out.put("total", sim.events.values().stream().filter(e -> e.visibleAt(end)).count());
        return out;
    }

    private static Map<String, Integer> stages(LeadSimulator sim, Instant end) {
        Map<String, Integer> out = new TreeMap<>();
        sim.opportunities.values().stream().filter(o -> o.visibleAt(end))
                .forEach(o -> out.merge(o.stateAt(end).get("StageName"), 1, Integer::sum));
        return out;
    }

    private static int deleted(LeadSimulator sim, List<Instant> snapshots) {
        int n = 0;
        for (VersionedRecord lead : sim.leads.values()) {
            boolean seen = false;
            for (Instant t : snapshots) {
                if (lead.visibleAt(t)) {
                    seen = true;
                } else if (seen) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }
}
