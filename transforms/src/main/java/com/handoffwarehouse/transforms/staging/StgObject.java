package com.handoffwarehouse.transforms.staging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import com.handoffwarehouse.transforms.crm.CrmObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Builds {@code stg_<object>}: each record as of the latest snapshot that shows it, columns renamed to
 * snake_case with the key as {@code <object>_id}, and {@code is_deleted} when a later snapshot lacks it.
 * The version metadata of History Mode sources ({@link BronzeValidation#VERSION_START},
 * {@link BronzeValidation#DELETED_AT}) is kept under its own name for the histories and left out of stg.
 */
public final class StgObject {
    /** Bronze bookkeeping columns that are not part of the record. */
    public static final Set<String> BRONZE_METADATA = Set.of("snapshot_date", "_source_file", "_row_number",
            "_ingested_at");

    private static final Set<String> VERSION_METADATA = Set.of(BronzeValidation.VERSION_START,
            BronzeValidation.DELETED_AT);

    private StgObject() {
    }

    public static String idColumn(CrmObject object) {
        return object.keyIsUnique() ? object.tableSuffix() + "_id" : StagingNames.snake(object.keyColumn());
    }

    /** Every snapshot of the object, renamed; the input of the SCD2 histories. */
    public static Dataset<Row> renamed(Dataset<Row> bronze, CrmObject object) {
        List<Column> cols = new ArrayList<>();
        for (String c : bronze.columns()) {
            if (c.equals(object.keyColumn()) && object.keyIsUnique()) {
                cols.add(col(c).as(idColumn(object)));
            } else if (c.equals("snapshot_date") || VERSION_METADATA.contains(c)) {
                cols.add(col(c));
            } else if (!BRONZE_METADATA.contains(c)) {
                cols.add(col("`" + c + "`").as(StagingNames.snake(c)));
            }
        }
        return bronze.select(cols.toArray(Column[]::new));
    }

    /**
     * The business columns of a renamed frame: what a change to makes a new version. The version metadata
     * is not one: an edit reverted within the day starts a new Fivetran version but leaves the day's state as it was.
     */
    public static List<String> recordColumns(Dataset<Row> renamed, String idColumn) {
        List<String> out = new ArrayList<>();
        for (String c : renamed.columns()) {
            if (!c.equals(idColumn) && !c.equals("snapshot_date") && !VERSION_METADATA.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    public static Dataset<Row> latest(Dataset<Row> bronze, CrmObject object) {
        String id = idColumn(object);
        Dataset<Row> renamed = renamed(bronze, object);
        Dataset<Row> lastSnapshot = bronze.agg(max("snapshot_date").as("last_snapshot"));
        return renamed
                .withColumn("rn", row_number().over(Window.partitionBy(id).orderBy(col("snapshot_date").desc())))
                .filter(col("rn").equalTo(1))
                .drop("rn")
                .crossJoin(org.apache.spark.sql.functions.broadcast(lastSnapshot))
                .withColumn("is_deleted", col("snapshot_date").lt(col("last_snapshot")))
                .withColumnRenamed("snapshot_date", "last_seen_snapshot_date")
                .drop("last_snapshot", BronzeValidation.VERSION_START, BronzeValidation.DELETED_AT);
    }
}
