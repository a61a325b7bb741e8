package com.handoffwarehouse.transforms.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.handoffwarehouse.transforms.vocabulary.MeetingOutcome;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Builds {@code fct_meeting}: {@code int_meeting} with whether each meeting is due at the as-of time. */
public final class FctMeeting {
    private FctMeeting() {
    }

    /** A meeting is due once its start has passed and it was not canceled; the show rate counts only those. */
    public static Column isDue(Column startAt, Column finalOutcome, Timestamp asOf) {
        return startAt.leq(lit(asOf)).and(finalOutcome.isNull().or(finalOutcome.notEqual(lit(MeetingOutcome.CANCELED))));
    }

    public static Dataset<Row> build(Dataset<Row> intMeeting, Timestamp asOf) {
        return intMeeting.withColumn("is_due", isDue(col("start_at"), col("final_outcome"), asOf));
    }
}
