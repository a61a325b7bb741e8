package com.handoffwarehouse.jobs.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes a realistic sample CRM, one snapshot folder per day, and the ground truth of what it holds.
 * Deterministic: the same settings give byte-identical CSV files (no clock, no hash-ordered output, and
 * one random stream per concern so one more draw in one place does not shift the others).
 */
public final class SampleGenerator {
    /** @param defectRate extra bad rows per real row in Lead, Event, Task, Opportunity and Account files */
    public record Settings(Path out, LocalDate start, int days, int leads, long seed, Format format,
                           double defectRate) {
    }

    public enum Format { CSV, PARQUET }

    /** What was written: the ground-truth file and how many rows went into snapshot files. */
    public record Summary(Path groundTruth, long rows, int snapshotFolders) {
    }

    /** Writes one object's rows for one day in a columnar format; CSV needs no sink. */
    public interface TableSink {
        void write(Path file, List<String> columns, List<Map<String, String>> rows) throws IOException;
    }

    private SampleGenerator() {
    }

    public static Summary generate(Settings s, TableSink parquet, Consumer<String> progress) {
        if (s.days() < 1 || s.leads() < 1) {
            throw new IllegalArgumentException("--days and --leads must be at least 1");
        }
        SplittableRandom master = new SplittableRandom(s.seed());
        SplittableRandom orgRandom = master.split();
        SplittableRandom leadRandom = master.split();
        SplittableRandom defectRandom = master.split();
        List<Instant> snapshots = new ArrayList<>();
        for (int d = 0; d < s.days(); d++) {
            snapshots.add(Fmt.snapshotTime(s.start().plusDays(d)));
        }
        Ids ids = new Ids();
        Org org = new Org(orgRandom, ids, s.start(), s.days(), Math.max(20, s.leads() / 8));
        LeadSimulator sim = new LeadSimulator(org, ids, s.start(), s.days(), snapshots);
        for (int i = 0; i < s.leads(); i++) {
            sim.simulate(leadRandom.split());
        }

        GroundTruth truth = new GroundTruth();
        DefectInjector defects = new DefectInjector(s.defectRate());
        long rows = 0;
        try {
            Files.createDirectories(s.out());
            for (int d = 0; d < s.days(); d++) {
                long started = System.nanoTime();
                LocalDate day = s.start().plusDays(d);
                Instant t = snapshots.get(d);
                Path folder = s.out().resolve(day.toString());
                Files.createDirectories(folder);
                long dayRows = 0;
                for (String object : SampleColumns.OBJECTS) {
                    List<Map<String, String>> content = snapshot(object, org, sim, t);
                    Map<String, Integer> injected = new LinkedHashMap<>();
                    content.addAll(defects.defects(defectRandom, object, content, injected));
                    List<String> columns = SampleColumns.BY_OBJECT.get(object);
                    if (s.format() == Format.CSV) {
                        CsvFile.write(folder.resolve(object + ".csv"), columns, content);
                    } else {
                        parquet.write(folder.resolve(object + ".parquet"), columns, content);
                    }
                    truth.file(object, day.toString(), content.size(), injected);
                    dayRows += content.size();
                }
                rows += dayRows;
                progress.accept(String.format(java.util.Locale.ROOT, "[generate] %s: %d rows (%.1f s)", day, dayRows,
                        (System.nanoTime() - started) / 1e9));
            }
            truth.compute(org, sim, snapshots);
            Path json = s.out().resolve("ground_truth.json");
            writeJson(json, s, truth);
            writeHandoffs(s.out().resolve("ground_truth_handoffs.csv"), truth);
            return new Summary(json, rows, s.days());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the sample under " + s.out(), e);
        }
    }

    /** Every record visible at {@code t}, as it stood then, in creation order. */
    static List<Map<String, String>> snapshot(String object, Org org, LeadSimulator sim, Instant t) {
        List<Map<String, String>> out = new ArrayList<>();
        switch (object) {
            case "User" -> visible(org.users.values(), t, out);
            case "Account" -> visible(org.accounts.values(), t, out);
            case "Lead" -> visible(sim.leads.values(), t, out);
            case "Event" -> visible(sim.events.values(), t, out);
            case "Task" -> visible(sim.tasks.values(), t, out);
            case "Opportunity" -> visible(sim.opportunities.values(), t, out);
            case "OpportunityHistory" -> {
                for (VersionedRecord o : sim.opportunities.values()) {
                    if (!o.visibleAt(t)) {
                        continue;
                    }
                    out.add(row("OpportunityId", o.id(), "StageName", LeadSimulator.STAGES.get(0), "CreatedDate",
                            Fmt.ts(o.createdAt())));
                    for (VersionedRecord.FieldChange c : o.history("StageName")) {
                        if (!c.at().isAfter(t)) {
                            out.add(row("OpportunityId", o.id(), "StageName", c.newValue(), "CreatedDate",
                                    Fmt.ts(c.at())));
                        }
                    }
                }
            }
            case "LeadHistory" -> {
                for (VersionedRecord lead : sim.leads.values()) {
                    if (!lead.visibleAt(t)) {
                        continue;
                    }
                    for (String[] field : new String[][] {{"OwnerId", "Owner"}, {"Status", "Status"},
                            {"Handoff_AE__c", "Handoff_AE__c"}}) {
                        for (VersionedRecord.FieldChange c : lead.history(field[0])) {
                            if (!c.at().isAfter(t) && c.at().isAfter(lead.createdAt())) {
                                out.add(row("LeadId", lead.id(), "Field", field[1], "OldValue", c.oldValue(),
                                        "NewValue", c.newValue(), "CreatedDate", Fmt.ts(c.at())));
                            }
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException(object);
        }
        return out;
    }

    private static void visible(Iterable<VersionedRecord> records, Instant t, List<Map<String, String>> out) {
        for (VersionedRecord r : records) {
            if (r.visibleAt(t)) {
                out.add(r.stateAt(t));
            }
        }
    }

    private static Map<String, String> row(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static void writeJson(Path file, Settings s, GroundTruth truth) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("seed", s.seed());
        parameters.put("start", s.start().toString());
        parameters.put("days", s.days());
        parameters.put("leads", s.leads());
        parameters.put("format", s.format().name().toLowerCase(java.util.Locale.ROOT));
        parameters.put("defect_rate", s.defectRate());
        parameters.put("as_of", Fmt.ts(Fmt.snapshotTime(s.start().plusDays(s.days() - 1))));
        root.put("parameters", parameters);
        root.putAll(truth.counts);
        Map<String, Object> totals = new LinkedHashMap<>();
        truth.files.forEach((object, byDate) -> {
            long rowsTotal = 0;
            Map<String, Long> byRule = new LinkedHashMap<>();
            for (Map<String, Object> entry : byDate.values()) {
                rowsTotal += ((Number) entry.get("rows")).longValue();
                @SuppressWarnings("unchecked")
                Map<String, Integer> d = (Map<String, Integer>) entry.get("defects");
                d.forEach((rule, n) -> byRule.merge(rule, n.longValue(), Long::sum));
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("rows", rowsTotal);
            t.put("defects", byRule);
            totals.put(object, t);
        });
        root.put("file_totals", totals);
        root.put("files", truth.files);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static void writeHandoffs(Path file, GroundTruth truth) throws IOException {
        List<String> columns = List.of("lead_id", "handoff_seq", "sdr_id", "ae_id", "current_ae_id", "submitted_at",
                "accepted_at", "rejected_at", "reassignments", "routing_verdict", "expected_ae_or_pool",
                "missing_items", "accepted_in_sla");
        List<Map<String, String>> rows = new ArrayList<>();
        for (GroundTruth.HandoffTruth h : truth.handoffs) {
            rows.add(row("lead_id", h.leadId(), "handoff_seq", String.valueOf(h.seq()), "sdr_id", h.sdrId(),
                    "ae_id", h.aeId(), "current_ae_id", h.currentAeId(), "submitted_at", Fmt.ts(h.submittedAt()),
                    "accepted_at", h.acceptedAt(), "rejected_at", h.rejectedAt(),
                    "reassignments", String.valueOf(h.reassignments()), "routing_verdict", h.verdict(),
                    "expected_ae_or_pool", h.expected(), "missing_items", String.join(";", h.missing()),
                    "accepted_in_sla", h.acceptedInSla() == null ? null : String.valueOf(h.acceptedInSla())));
        }
        CsvFile.write(file, columns, rows);
    }
}
