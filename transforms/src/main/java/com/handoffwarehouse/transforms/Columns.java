package com.handoffwarehouse.transforms;

import java.util.List;
import org.apache.spark.sql.Column;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Small bridges from Java to the Scala-typed Dataset API. */
public final class Columns {
    private Columns() {
    }

    /** Join keys for {@code Dataset.join(other, usingColumns)}, which wants a Scala Seq. */
    public static Seq<String> using(String... names) {
        return JavaConverters.asScalaBuffer(List.of(names)).toSeq();
    }

    /** greatest() that ignores a null side instead of returning null. */
    public static Column greatestNonNull(Column a, Column b) {
        return org.apache.spark.sql.functions.when(b.isNull(), a).when(a.isNull(), b)
                .otherwise(org.apache.spark.sql.functions.greatest(a, b));
    }
}
