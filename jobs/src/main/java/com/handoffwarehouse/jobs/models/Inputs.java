package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.transforms.crm.CrmObject;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What a model's transform reads: the models it names (dbt's {@code ref}) and the bronze tables ({@code source}). */
public interface Inputs {
    /** A model the declaration lists among its refs. */
    Dataset<Row> ref(String table);

    /**
     * A bronze table the declaration lists among its sources, cut at the build's as-of time; an optional object
     * never ingested is an empty table of its contract columns. On an incremental run, only the snapshots the
     * run adds (and, for a snapshot model, the latest one before them).
     */
    Dataset<Row> source(CrmObject object);
}
