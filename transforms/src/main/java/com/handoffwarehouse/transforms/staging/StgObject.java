package com.handoffwarehouse.transforms.staging;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Builds {@code stg_<object>}: columns renamed to snake_case with the key as {@code <object>_id}. For records,
 * each one as of the latest snapshot that shows it, with {@code is_deleted} when a later snapshot lacks it; for
 * history objects (LeadHistory, OpportunityHistory, ...), every row any snapshot exported, once. Both can be
 * built from every snapshot or advanced from the previous stg table by new snapshots, with the same result.
 * The version metadata of History Mode sources ({@link Bronze#VERSION_START}, {@link Bronze#DELETED_AT}) is
 * kept under its own name by {@link #renamed} for the histories and left out of stg.
 */
public final class StgObject {
    public static final String IS_DELETED = "is_deleted";
    public static final String LAST_SEEN = "last_seen_snapshot_date";

    private StgObject() {
    }

    public static String idColumn(CrmObject object) {
        return object.keyIsUnique() ? object.tableSuffix() + "_id" : StagingNames.snake(object.keyColumn());
    }

    /** Every snapshot of the object, renamed, with snapshot_date and the version metadata; the input of histories. */
    public static Dataset<Row> renamed(Dataset<Row> bronze, CrmObject object) {
        List<Column> cols = new ArrayList<>();
        for (String c : bronze.columns()) {
            if (c.equals(object.keyColumn()) && object.keyIsUnique()) {
                cols.add(col(c).as(idColumn(object)));
            } else if (c.equals(Bronze.SNAPSHOT_DATE) || Bronze.VERSION_METADATA.contains(c)) {
                cols.add(col(c));
            } else if (!Bronze.METADATA.contains(c)) {
                cols.add(col("`" + c + "`").as(StagingNames.snake(c)));
            }
        }
        return bronze.select(cols.toArray(Column[]::new));
    }

    /** The stg table from every snapshot of the object. */
    public static Dataset<Row> build(Dataset<Row> bronze, CrmObject object) {
        return object.keyIsUnique() ? latest(renamed(bronze, object), object) : rowsOnce(renamed(bronze, object));
    }

    /**
     * The stg table once snapshots later than every one it has seen are added: {@code current} is the stg table
     * so far, {@code newBronze} the new snapshots' rows.
     */
    public static Dataset<Row> advance(Dataset<Row> current, Dataset<Row> newBronze, CrmObject object) {
        Dataset<Row> added = renamed(newBronze, object);
        if (!object.keyIsUnique()) {
            return rowsOnce(current.unionByName(added.drop(Bronze.SNAPSHOT_DATE), true));
        }
        Dataset<Row> known = current.drop(IS_DELETED).withColumnRenamed(LAST_SEEN, Bronze.SNAPSHOT_DATE);
        return latest(known.unionByName(added, true), object);
    }

    private static Dataset<Row> latest(Dataset<Row> renamed, CrmObject object) {
        String id = idColumn(object);
        Dataset<Row> lastSnapshot = renamed.agg(max(Bronze.SNAPSHOT_DATE).as("_last_snapshot"));
        return renamed
                .withColumn("_rn", row_number().over(Window.partitionBy(id).orderBy(col(Bronze.SNAPSHOT_DATE).desc())))
                .filter(col("_rn").equalTo(1))
                .drop("_rn")
                .crossJoin(broadcast(lastSnapshot))
                .withColumn(IS_DELETED, col(Bronze.SNAPSHOT_DATE).lt(col("_last_snapshot")))
                .withColumnRenamed(Bronze.SNAPSHOT_DATE, LAST_SEEN)
                .drop("_last_snapshot", Bronze.VERSION_START, Bronze.DELETED_AT);
    }

    /** History rows are exported again by every later snapshot: each distinct row counts once. */
    private static Dataset<Row> rowsOnce(Dataset<Row> renamed) {
        return renamed.drop(Bronze.SNAPSHOT_DATE, Bronze.VERSION_START, Bronze.DELETED_AT).distinct();
    }
}
