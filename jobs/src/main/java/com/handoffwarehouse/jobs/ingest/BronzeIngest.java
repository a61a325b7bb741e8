package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.ops.IngestFiles;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Loads snapshot dates from a {@link RawSource} into {@code raw_<object>} and {@code quarantine_<object>}.
 *
 * <p>Every selected date's every extract is opened and its columns checked first; one missing required
 * column fails the run before anything is written. Then, per object and batch of dates, the extracts are
 * unioned, validated once (persisted, so the files are read once), and each table gets one commit that
 * replaces exactly those dates.
 *
 * <p>Every file is accounted for: the rows validated from it must number its records as counted from its bytes
 * ({@link RawExtract#physicalRecords()}), else the run fails naming the file before that object is written. The
 * extracts' columns are compared with the previous date's ({@link SchemaDrift}).
 */
public final class BronzeIngest {
    /** Enough for a month of daily snapshots per commit while keeping one batch's rows bounded. */
    public static final int DEFAULT_DATES_PER_BATCH = 31;

    /** What happened to one object's extract of one date. */
    public record Count(LocalDate date, CrmObject object, long read, long written, long quarantined) {
    }

    /**
     * @param files one accounting line per extract read
     * @param drift the columns that appeared or vanished against the previous date, per object
     */
    public record Result(List<Count> counts, List<IngestFiles.Entry> files, List<SchemaDrift> drift) {
        public long read() {
            return counts.stream().mapToLong(Count::read).sum();
        }

        public long written() {
            return counts.stream().mapToLong(Count::written).sum();
        }

        public long quarantined() {
            return counts.stream().mapToLong(Count::quarantined).sum();
        }
    }

    private final WarehouseCatalog catalog;
    private final BronzeWriter writer;
    private final List<String> leadQualificationFields;
    private final Progress progress;
    private final int datesPerBatch;

    /**
     * @param leadQualificationFields the configured framework's fields, required on Lead extracts
     *                                (WarehouseConfig.Checklist#requiredLeadFields)
     */
    public BronzeIngest(WarehouseCatalog catalog, List<String> leadQualificationFields, Progress progress) {
        this(catalog, leadQualificationFields, progress, DEFAULT_DATES_PER_BATCH);
    }

    public BronzeIngest(WarehouseCatalog catalog, List<String> leadQualificationFields, Progress progress,
                        int datesPerBatch) {
        if (datesPerBatch < 1) {
            throw new IllegalArgumentException("datesPerBatch must be at least 1, got " + datesPerBatch);
        }
        this.catalog = catalog;
        this.writer = new BronzeWriter(catalog);
        this.leadQualificationFields = List.copyOf(leadQualificationFields);
        this.progress = progress;
        this.datesPerBatch = datesPerBatch;
    }

    /**
     * Ingests {@code dates} (each must be one of {@code source.dates()}; pass those for all of them).
     *
     * @param ingestedAt the run's time, stored as {@code _ingested_at}; passed in so reruns are comparable
     * @throws IngestException before any write when a date is unknown or an extract lacks a required column
     */
    public Result run(RawSource source, List<LocalDate> dates, Instant ingestedAt) {
        List<LocalDate> selected = select(source, dates);
        Map<LocalDate, Map<CrmObject, RawExtract>> extracts = openAndCheck(source, selected);
        IngestFiles ingested = new IngestFiles(catalog);
        List<SchemaDrift> drift = SchemaDrift.of(extracts, selected, ingested::columnsBefore,
                leadQualificationFields);
        drift.forEach(d -> progress.info("[ingest] schema drift: " + d.describe()));
        List<Count> counts = new ArrayList<>();
        List<IngestFiles.Entry> files = new ArrayList<>();
        for (int from = 0; from < selected.size(); from += datesPerBatch) {
            List<LocalDate> batch = selected.subList(from, Math.min(from + datesPerBatch, selected.size()));
            for (CrmObject object : CrmObject.values()) {
                Map<LocalDate, RawExtract> byDate = new LinkedHashMap<>();
                batch.stream().filter(d -> extracts.get(d).containsKey(object))
                        .forEach(d -> byDate.put(d, extracts.get(d).get(object)));
                List<Count> ofObject = ingest(source, object, batch, byDate, ingestedAt);
                counts.addAll(ofObject);
                ofObject.forEach(c -> {
                    RawExtract e = byDate.get(c.date());
                    files.add(new IngestFiles.Entry(c.date(), object, e.source(), e.physicalRecords().orElse(null),
                            c.read(), c.written(), c.quarantined(), e.columns()));
                });
            }
        }
        counts.sort(Comparator.comparing(Count::date).thenComparing(Count::object));
        return new Result(List.copyOf(counts), List.copyOf(files), List.copyOf(drift));
    }

    private static List<LocalDate> select(RawSource source, List<LocalDate> dates) {
        List<LocalDate> available = source.dates();
        List<LocalDate> unknown = dates.stream().filter(d -> !available.contains(d)).distinct().sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IngestException("No snapshot dated " + unknown + " in " + source.describe() + "; it has "
                    + (available.isEmpty() ? "none"
                    : available.size() + " dates from " + available.get(0) + " to "
                    + available.get(available.size() - 1)) + ".");
        }
        if (dates.isEmpty()) {
            throw new IngestException("No snapshot dates to ingest from " + source.describe()
                    + (available.isEmpty() ? ": it has no date folders (YYYY-MM-DD)." : "."));
        }
        return dates.stream().distinct().sorted().toList();
    }

    /** Opens every extract of the run and fails, naming every gap at once, before anything is written. */
    private Map<LocalDate, Map<CrmObject, RawExtract>> openAndCheck(RawSource source, List<LocalDate> dates) {
        Optional<ColumnMapping> mapping = source instanceof SnapshotFileSource files ? files.mapping()
                : Optional.empty();
        Map<LocalDate, Map<CrmObject, RawExtract>> out = new HashMap<>();
        List<String> missingExtracts = new ArrayList<>();
        List<String> missingColumns = new ArrayList<>();
        for (LocalDate date : dates) {
            Map<CrmObject, RawExtract> ofDate = new EnumMap<>(CrmObject.class);
            for (CrmObject object : CrmObject.values()) {
                Optional<RawExtract> extract = source.read(catalog.spark(), object, date);
                if (extract.isEmpty()) {
                    if (!object.optional()) {
                        missingExtracts.add(source.describe() + " has no " + object.apiName() + " extract for "
                                + date);
                    }
                    continue;
                }
                ofDate.put(object, extract.get());
                Set<String> present = Set.copyOf(extract.get().columns());
                for (CrmColumn required : BronzeValidation.requiredColumns(object, leadQualificationFields)) {
                    if (!present.contains(required.name())) {
                        missingColumns.add("Snapshot " + extract.get().source() + " is missing required column "
                                + required.name() + mappingHint(mapping, object, required.name()));
                    }
                }
            }
            out.put(date, ofDate);
        }
        if (!missingExtracts.isEmpty() || !missingColumns.isEmpty()) {
            List<String> problems = new ArrayList<>(missingExtracts);
            problems.addAll(missingColumns);
            throw new IngestException(String.join("; ", problems) + ". "
                    + (missingColumns.isEmpty() ? "Add the missing objects to the source"
                    : "Add the column to the export or map it in a column-mapping file")
                    + "; nothing of this run was written.");
        }
        return out;
    }

    private static String mappingHint(Optional<ColumnMapping> mapping, CrmObject object, String column) {
        return mapping.map(m -> m.sourceColumn(object, column)
                        .map(s -> " (mapped from '" + s + "' in " + m.origin() + ")")
                        .orElse(" (" + m.origin() + " maps no column to it)"))
                .orElse("");
    }

    private List<Count> ingest(RawSource source, CrmObject object, List<LocalDate> batch, Map<LocalDate, RawExtract> byDate,
                               Instant ingestedAt) {
        Progress.Step step = progress.start("ingest", object.apiName() + " " + describe(batch));
        if (byDate.isEmpty()) {
            // An optional object absent from these snapshots: their dates must not keep older rows.
            writer.clear(Tables.raw(object), batch);
            writer.clear(Tables.quarantine(object), batch);
            step.done("no extract");
            return List.of();
        }
        Dataset<Row> raw = source.together(catalog.spark(), object, byDate);
        Dataset<Row> checked = BronzeValidation.check(raw, object, leadQualificationFields)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<LocalDate, long[]> readAndValid = new HashMap<>();
            checked.groupBy(Bronze.SNAPSHOT_DATE)
                    .agg(count(lit(1)), sum(when(col(BronzeValidation.CHECK_RULE).isNull(), 1).otherwise(0)))
                    .collectAsList()
                    .forEach(r -> readAndValid.put(r.getDate(0).toLocalDate(),
                            new long[] {r.getLong(1), r.getLong(2)}));
            for (Map.Entry<LocalDate, RawExtract> e : byDate.entrySet()) {
                requireAccounted(e.getValue(), readAndValid.getOrDefault(e.getKey(), new long[2])[0]);
            }
            BronzeValidation.Result result = BronzeValidation.split(checked, object, leadQualificationFields);
            writer.replace(Tables.raw(object), result.valid(), batch, ingestedAt);
            writer.replace(Tables.quarantine(object), result.quarantined(), batch, ingestedAt);

            List<Count> counts = new ArrayList<>();
            for (LocalDate date : byDate.keySet()) {
                long[] rv = readAndValid.getOrDefault(date, new long[2]);
                counts.add(new Count(date, object, rv[0], rv[1], rv[0] - rv[1]));
            }
            long read = counts.stream().mapToLong(Count::read).sum();
            long written = counts.stream().mapToLong(Count::written).sum();
            step.done(String.format(Locale.ROOT, "read %d, written %d, quarantined %d", read, written,
                    read - written));
            return counts;
        } finally {
            checked.unpersist();
        }
    }

    private static void requireAccounted(RawExtract extract, long read) {
        extract.physicalRecords().filter(records -> records != read).ifPresent(records -> {
            throw new IngestException("Snapshot file " + extract.source() + " holds " + records + " records "
                    + "(counted from the file itself), but the reader made " + read + " rows of it, so "
                    + Math.abs(records - read) + " would be " + (read < records ? "lost" : "invented")
                    + ". Look for broken quoting or stray line breaks in the file, fix them and export it again; "
                    + "nothing of this run was written.");
        });
    }

    private static String describe(List<LocalDate> batch) {
        return batch.size() == 1 ? batch.get(0).toString()
                : batch.get(0) + ".." + batch.get(batch.size() - 1) + " (" + batch.size() + " dates)";
    }
}
