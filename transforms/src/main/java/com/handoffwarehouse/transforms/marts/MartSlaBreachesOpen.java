package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;

import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code mart_sla_breaches_open}: one row per SLA whose due time has passed at the as-of time while the
 * handoff is still unaccepted (ACCEPTANCE) or uncontacted (FIRST_CONTACT), with the AE's manager to escalate
 * to and the lead's company and name. A rejected or superseded handoff is closed and never an open breach; a late acceptance or contact
 * closes its breach.
 */
public final class MartSlaBreachesOpen {
    private MartSlaBreachesOpen() {
    }

    /**
     * The open breaches with the lead's company and name (dim_lead) beside its Id, for the manager who escalates;
     * the columns of {@link #breaches} come first, unchanged.
     */
    public static Dataset<Row> build(Dataset<Row> outcomes, Dataset<Row> dimLead, Timestamp asOf) {
        Dataset<Row> leads = dimLead.select(col("lead_id").as("_lead"), col("company"), col(DimLead.LEAD_NAME));
        return breaches(outcomes, asOf).join(leads, col("lead_id").equalTo(col("_lead")), "left").drop("_lead")
                .orderBy(col("hours_overdue").desc(), col("lead_id"), col("handoff_seq"), col("breach"));
    }

    /** The open breaches from the per-handoff outcomes alone. */
    static Dataset<Row> breaches(Dataset<Row> outcomes, Timestamp asOf) {
        Column asOfTs = lit(asOf);
        Column open = col("window_end").isNull().or(col("window_end").gt(asOfTs));
        Column[] keep = {col("lead_id"), col("handoff_seq"), col("ae_id"), col("manager_id"), col("sdr_id"),
                col("week"), col("region"), col("segment"), col("lead_source"), col("lead_direction"),
                col("submitted_at")};
        Dataset<Row> acceptance = outcomes
                .filter(open.and(col("accept_due_at").lt(asOfTs))
                        .and(col("accepted_at").isNull().or(col("accepted_at").gt(asOfTs))))
                .select(concat(keep, lit("ACCEPTANCE").as("breach"), col("accept_due_at").as("due_at")));
        Dataset<Row> contact = outcomes
                .filter(open.and(col("contact_due_at").lt(asOfTs))
                        .and(col("first_contact_at").isNull().or(col("first_contact_at").gt(asOfTs))))
                .select(concat(keep, lit("FIRST_CONTACT").as("breach"), col("contact_due_at").as("due_at")));
        return acceptance.unionByName(contact)
                .withColumn("hours_overdue", unix_micros(asOfTs).minus(unix_micros(col("due_at"))).divide(3_600_000_000.0));
    }

    private static Column[] concat(Column[] a, Column... b) {
        Column[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
