package com.handoffwarehouse.jobs.ingest;

import com.handoffwarehouse.jobs.ops.IngestFiles;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A change in the columns of one object's extract against the extract before it: columns that appeared (kept in
 * bronze as extra columns) and columns that vanished (optional ones; a missing required column fails the run
 * before this is asked). Reported in the ingest's output and in quality_results as a warning.
 */
public record SchemaDrift(LocalDate date, CrmObject object, String source, LocalDate previousDate,
                          List<String> added, List<String> removed) {

    /** The line the ingest prints. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("new column" + (added.size() == 1 ? " " : "s ") + String.join(", ", added)
                    + " (kept in bronze)");
        }
        if (!removed.isEmpty()) {
            parts.add("column" + (removed.size() == 1 ? " " : "s ") + String.join(", ", removed) + " no longer there");
        }
        return object.apiName() + " " + date + " (" + source + "): " + String.join("; ", parts) + ", against "
                + previousDate;
    }

    /**
     * The drift of every object from one date to the next, in date order; the first date of the run is compared
     * with {@code before}: the columns of the object's latest extract earlier than that date, when one was ingested.
     */
    static List<SchemaDrift> of(Map<LocalDate, Map<CrmObject, RawExtract>> extracts, List<LocalDate> dates,
                                BiFunction<CrmObject, LocalDate, Optional<IngestFiles.Dated>> before,
                                List<String> leadQualificationFields) {
        List<SchemaDrift> drift = new ArrayList<>();
        for (CrmObject object : CrmObject.values()) {
            Optional<IngestFiles.Dated> previous = dates.isEmpty() ? Optional.empty() : before.apply(object, dates.get(0));
            Set<String> required = new LinkedHashSet<>();
            BronzeValidation.requiredColumns(object, leadQualificationFields)
                    .stream().map(CrmColumn::name).forEach(required::add);
            for (LocalDate date : dates) {
                RawExtract extract = extracts.get(date).get(object);
                if (extract == null) {
                    continue;
                }
                List<String> columns = extract.columns();
                if (previous.isPresent()) {
                    IngestFiles.Dated last = previous.get();
                    List<String> added = columns.stream().filter(c -> !last.columns().contains(c))
                            .sorted().toList();
                    List<String> removed = last.columns().stream()
                            .filter(c -> !columns.contains(c) && !required.contains(c)).sorted().toList();
                    if (!added.isEmpty() || !removed.isEmpty()) {
                        drift.add(new SchemaDrift(date, object, extract.source(), last.date(), added, removed));
                    }
                }
                previous = Optional.of(new IngestFiles.Dated(date, columns));
            }
        }
        return drift;
    }
}
