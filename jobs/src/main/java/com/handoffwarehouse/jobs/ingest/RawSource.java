package com.handoffwarehouse.jobs.ingest;

import com.handoffwarehouse.transforms.crm.CrmObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Where CRM extracts come from: snapshot folders on disk or a database read over JDBC. */
public interface RawSource {
    /** The snapshot dates this source offers, ascending. */
    List<LocalDate> dates();

    /** One object's extract for one date, or empty when the source has none (allowed for optional objects). */
    Optional<RawExtract> read(SparkSession spark, CrmObject object, LocalDate date);

    /** How the run log and messages name this source, with no secrets in it. */
    String describe();
}
