package com.handoffwarehouse.jobs.build;

import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where the runner reads and writes tables: Delta tables under the warehouse root ({@link DeltaMaterializer}),
 * or local checkpoints in memory for tests of the transforms ({@link CheckpointMaterializer}), the same graph
 * either way.
 */
public interface Materializer {
    /** A bronze table with every snapshot as ingested; empty when the object was never ingested. */
    Optional<Dataset<Row>> source(CrmObject object);

    /** When each snapshot date of a bronze table was last ingested (epoch milliseconds). */
    Map<LocalDate, Long> sourceStamps(CrmObject object);

    /** A model's table as it stands. */
    Optional<Written> current(TableRef table);

    /** What the table's last write recorded of its inputs; {@link Watermark#NONE} if nothing. */
    Watermark watermark(TableRef table);

    /** Replaces the whole table in one commit. */
    Written replace(TableRef table, Dataset<Row> rows, Watermark watermark);

    /** Inserts or replaces rows by {@code key} in one commit. */
    Written upsert(TableRef table, Dataset<Row> rows, List<String> key, Watermark watermark);

    /** Makes the tables a successful run built the ones readers see, all at once; says what it published. */
    String publish(List<Written> tables, Instant asOf, String runId);

    /**
     * A table as one write left it.
     *
     * @param rows    the table read back, for the models that read it next
     * @param version the table's version after the write (Delta's; a counter for checkpoints)
     * @param count   its row count
     */
    record Written(TableRef table, Dataset<Row> rows, long version, long count) {
    }
}
