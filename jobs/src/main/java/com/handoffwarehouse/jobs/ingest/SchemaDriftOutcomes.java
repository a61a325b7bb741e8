package com.handoffwarehouse.jobs.ingest;

import com.handoffwarehouse.quality.CheckOutcome;
import com.handoffwarehouse.quality.Level;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema drift as quality_results rows: one failed WARNING per column that appeared or vanished, so the report
 * and anyone querying the table see it beside the gate's checks without it stopping a run.
 */
final class SchemaDriftOutcomes {
    static final String CHECK = "schema drift";

    private SchemaDriftOutcomes() {
    }

    static List<CheckOutcome> of(List<SchemaDrift> drift) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (SchemaDrift d : drift) {
            String table = TableNames.raw(d.object());
            d.added().forEach(c -> outcomes.add(new CheckOutcome(table, d.date(), CHECK, "new column " + c,
                    Level.WARNING, false, "new column " + c + " in " + d.source() + " (not in the extract of "
                    + d.previousDate() + "); kept in " + table, null)));
            d.removed().forEach(c -> outcomes.add(new CheckOutcome(table, d.date(), CHECK, "vanished column " + c,
                    Level.WARNING, false, "column " + c + " of the extract of " + d.previousDate() + " is not in "
                    + d.source() + "; its values are null from " + d.date(), null)));
        }
        return outcomes;
    }
}
