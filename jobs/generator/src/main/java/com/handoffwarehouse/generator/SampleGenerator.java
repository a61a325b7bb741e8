package com.handoffwarehouse.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes a realistic sample CRM and the ground truth of what it holds, in one of three shapes of the same
 * simulated org: daily snapshot folders with Salesforce API names, the same folders as Fivetran's Salesforce
 * connector spells them, or Fivetran History Mode tables.
 * Deterministic: the same settings give byte-identical CSV files (no clock, no hash-ordered output, and
 * one random stream per concern so one more draw in one place does not shift the others).
 */
public final class SampleGenerator {
    /**
     * @param defectRate extra bad rows per real row in Lead, Event, Task, Opportunity and Account files (none in
     *                   {@link Shape#FIVETRAN_HISTORY_MODE})
     */
    public record Settings(Path out, LocalDate start, int days, int leads, long seed, Format format,
                           double defectRate, Shape shape, SampleBehaviour behaviour) {
        public Settings(Path out, LocalDate start, int days, int leads, long seed, Format format, double defectRate,
                        Shape shape) {
            this(out, start, days, leads, seed, format, defectRate, shape, SampleBehaviour.defaults());
        }

        public Settings(Path out, LocalDate start, int days, int leads, long seed, Format format, double defectRate) {
            this(out, start, days, leads, seed, format, defectRate, Shape.API);
        }
    }

    public enum Format { CSV, PARQUET }

    /** How the org is written; the option is the {@code --shape} spelling. */
    public enum Shape {
        /** {@code <out>/<YYYY-MM-DD>/Lead.csv}: daily snapshots with Salesforce API names. */
        API("api"),
        /** {@code <out>/<YYYY-MM-DD>/lead.csv}: daily copies of Fivetran's Salesforce tables, deletes soft. */
        FIVETRAN_SNAPSHOTS("fivetran-salesforce"),
        /** {@code <out>/lead.csv}: Fivetran History Mode, every version at its exact instants, no defects. */
        FIVETRAN_HISTORY_MODE("fivetran-history-mode");

        private final String option;

        Shape(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        public static Shape fromOption(String option) {
            for (Shape shape : values()) {
                if (shape.option.equalsIgnoreCase(option.trim())) {
                    return shape;
                }
            }
            throw new IllegalArgumentException("Unknown shape '" + option + "'; expected one of "
                    + Arrays.stream(values()).map(Shape::option).toList());
        }
    }

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
        LeadSimulator sim = new LeadSimulator(org, ids, s.start(), s.days(), snapshots, s.behaviour());
        for (int i = 0; i < s.leads(); i++) {
            sim.simulate(leadRandom.split());
        }

        GroundTruth truth = new GroundTruth();
        try {
            Files.createDirectories(s.out());
            long rows = writer(s, parquet, defectRandom).write(new Simulation(org, sim, s.start(), snapshots), truth,
                    progress);
            truth.compute(org, sim, snapshots);
            Path json = s.out().resolve("ground_truth.json");
            writeJson(json, s, truth);
            writeHandoffs(s.out().resolve("ground_truth_handoffs.csv"), truth);
            return new Summary(json, rows, s.shape() == Shape.FIVETRAN_HISTORY_MODE ? 0 : s.days());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the sample under " + s.out(), e);
        }
    }

    private static ShapeWriter writer(Settings s, TableSink parquet, SplittableRandom defectRandom) {
        TableFiles files = new TableFiles(s.format(), parquet);
        DefectInjector defects = new DefectInjector(s.defectRate());
        return switch (s.shape()) {
            case API -> new ApiSnapshotWriter(s.out(), files, defects, defectRandom);
            case FIVETRAN_SNAPSHOTS -> new FivetranSnapshotWriter(s.out(), files, defects, defectRandom);
            case FIVETRAN_HISTORY_MODE -> new HistoryModeWriter(s.out(), files);
        };
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
            case "OpportunityHistory", "LeadHistory" -> {
                for (VersionedRecord parent : historyParents(object, sim).values()) {
                    if (parent.visibleAt(t)) {
                        out.addAll(historyRows(object, parent, t));
                    }
                }
            }
            default -> throw new IllegalArgumentException(object);
        }
        return out;
    }

    /** The records whose changes a history object lists: opportunities for OpportunityHistory, leads for LeadHistory. */
    static Map<String, VersionedRecord> historyParents(String historyObject, LeadSimulator sim) {
        return switch (historyObject) {
            case "OpportunityHistory" -> sim.opportunities;
            case "LeadHistory" -> sim.leads;
            default -> throw new IllegalArgumentException(historyObject + " is not a history object");
        };
    }

    /**
     * One parent's rows of a history object up to {@code t}: the opening stage and every stage change of an
     * opportunity; a lead's Owner, Status and Handoff_AE__c changes after its creation.
     */
    static List<Map<String, String>> historyRows(String historyObject, VersionedRecord parent, Instant t) {
        return switch (historyObject) {
            case "OpportunityHistory" -> opportunityHistory(parent, t);
            case "LeadHistory" -> leadHistory(parent, t);
            default -> throw new IllegalArgumentException(historyObject + " is not a history object");
        };
    }

    private static List<Map<String, String>> opportunityHistory(VersionedRecord opportunity, Instant t) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(row("OpportunityId", opportunity.id(), "StageName", LeadSimulator.STAGES.get(0), "CreatedDate",
                Fmt.ts(opportunity.createdAt())));
        for (VersionedRecord.FieldChange c : opportunity.history("StageName")) {
            if (!c.at().isAfter(t)) {
                out.add(row("OpportunityId", opportunity.id(), "StageName", c.newValue(), "CreatedDate",
                        Fmt.ts(c.at())));
            }
        }
        return out;
    }

    private static List<Map<String, String>> leadHistory(VersionedRecord lead, Instant t) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String[] field : new String[][] {{"OwnerId", "Owner"}, {"Status", "Status"},
                {"Handoff_AE__c", "Handoff_AE__c"}}) {
            for (VersionedRecord.FieldChange c : lead.history(field[0])) {
                if (!c.at().isAfter(t) && c.at().isAfter(lead.createdAt())) {
                    out.add(row("LeadId", lead.id(), "Field", field[1], "OldValue", c.oldValue(),
                            "NewValue", c.newValue(), "CreatedDate", Fmt.ts(c.at())));
                }
            }
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
        // Absent for the API shape, whose ground truth stays as samples written before the shapes existed.
        if (s.shape() != Shape.API) {
            parameters.put("shape", s.shape().option());
        }
        parameters.put("defect_rate", s.shape() == Shape.FIVETRAN_HISTORY_MODE ? 0.0 : s.defectRate());
        parameters.put("as_of", Fmt.ts(Fmt.snapshotTime(s.start().plusDays(s.days() - 1))));
        parameters.put("behaviour", s.behaviour().describe());
        root.put("parameters", parameters);
        root.putAll(truth.counts);
        Map<String, Object> totals = new LinkedHashMap<>();
        truth.files.forEach((object, byDate) -> {
            long rowsTotal = 0;
            Long flagged = null;
            Map<String, Long> byRule = new LinkedHashMap<>();
            for (Map<String, Object> entry : byDate.values()) {
                rowsTotal += ((Number) entry.get("rows")).longValue();
                if (entry.containsKey(GroundTruth.FLAGGED_DELETED)) {
                    flagged = (flagged == null ? 0 : flagged)
                            + ((Number) entry.get(GroundTruth.FLAGGED_DELETED)).longValue();
                }
                @SuppressWarnings("unchecked")
                Map<String, Integer> d = (Map<String, Integer>) entry.get("defects");
                d.forEach((rule, n) -> byRule.merge(rule, n.longValue(), Long::sum));
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("rows", rowsTotal);
            t.put("defects", byRule);
            if (flagged != null) {
                t.put(GroundTruth.FLAGGED_DELETED, flagged);
            }
            totals.put(object, t);
        });
        root.put("file_totals", totals);
        root.put("files", truth.files);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static void writeHandoffs(Path file, GroundTruth truth) throws IOException {
        List<String> columns = List.of("lead_id", "handoff_seq", "sdr_id", "ae_id", "current_ae_id", "submitted_at",
                "accepted_at", "rejected_at", "reassignments", "routing_verdict", "expected_ae_or_pool",
                "missing_items", "accepted_in_sla", "routing_verdict_exact", "expected_ae_or_pool_exact");
        List<Map<String, String>> rows = new ArrayList<>();
        for (GroundTruth.HandoffTruth h : truth.handoffs) {
            rows.add(row("lead_id", h.leadId(), "handoff_seq", String.valueOf(h.seq()), "sdr_id", h.sdrId(),
                    "ae_id", h.aeId(), "current_ae_id", h.currentAeId(), "submitted_at", Fmt.ts(h.submittedAt()),
                    "accepted_at", h.acceptedAt(), "rejected_at", h.rejectedAt(),
                    "reassignments", String.valueOf(h.reassignments()), "routing_verdict", h.verdict(),
                    "expected_ae_or_pool", h.expected(), "missing_items", String.join(";", h.missing()),
                    "accepted_in_sla", h.acceptedInSla() == null ? null : String.valueOf(h.acceptedInSla()),
                    "routing_verdict_exact", h.verdictExact(), "expected_ae_or_pool_exact", h.expectedExact()));
        }
        CsvFile.write(file, columns, rows);
    }
}
