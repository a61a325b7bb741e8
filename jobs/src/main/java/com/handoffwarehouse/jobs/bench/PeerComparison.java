package com.handoffwarehouse.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sets the warehouse's tables against the DuckDB peer's: both brought to the same columns and types, then compared
 * as multisets of rows in Spark (EXCEPT ALL both ways). Only the first differing rows of each side are fetched, to
 * show what disagrees.
 */
public final class PeerComparison {
    /** The fct_handoff columns the peer computes; timestamps as epoch microseconds. */
    static final List<String> HANDOFF_TIMES = List.of("submitted_at", "accepted_at", "rejected_at", "first_contact_at",
            "meeting_start_at");
    static final List<String> HANDOFF_TEXT = List.of("lead_id", "ae_id", "current_ae_id", "first_meeting_id",
            "meeting_outcome", "opportunity_id");
    static final List<String> HANDOFF_HOURS = List.of("hours_to_accept", "hours_to_first_contact");
    /** mart_handoff_funnel's counts that need no business-hours calendar, per AE holding the handoff. */
    static final List<String> FUNNEL_COUNTS = List.of("handoffs", "meetings_due", "meetings_held", "meetings_no_show",
            "m2o_eligible", "m2o_converted", "opportunities", "won");
    private static final int SHOWN = 5;

    /** Rows only one side has, with the first few of each. */
    public record Difference(String table, long onlyWarehouse, long onlyPeer, List<String> firstOnlyWarehouse,
                             List<String> firstOnlyPeer) {
        public String render() {
            StringBuilder out = new StringBuilder(table + ": " + onlyWarehouse + " row(s) only in the warehouse, "
                    + onlyPeer + " only in the peer");
            firstOnlyWarehouse.forEach(r -> out.append("\n  warehouse: ").append(r));
            firstOnlyPeer.forEach(r -> out.append("\n  peer:      ").append(r));
            return out.toString();
        }
    }

    private PeerComparison() {
    }

    /** Empty when both frames hold the same rows as often; they must have the same columns in the same order. */
    public static Optional<Difference> compare(String table, Dataset<Row> warehouse, Dataset<Row> peer) {
        if (!Arrays.equals(warehouse.columns(), peer.columns())) {
            throw new IllegalArgumentException(table + ": the warehouse's columns " + Arrays.toString(warehouse.columns())
                    + " are not the peer's " + Arrays.toString(peer.columns()));
        }
        Dataset<Row> onlyWarehouse = warehouse.exceptAll(peer).cache();
        Dataset<Row> onlyPeer = peer.exceptAll(warehouse).cache();
        try {
            long w = onlyWarehouse.count();
            long p = onlyPeer.count();
            if (w == 0 && p == 0) {
                return Optional.empty();
            }
            return Optional.of(new Difference(table, w, p, first(onlyWarehouse), first(onlyPeer)));
        } finally {
            onlyWarehouse.unpersist();
            onlyPeer.unpersist();
        }
    }

    private static List<String> first(Dataset<Row> rows) {
        Column[] order = Arrays.stream(rows.columns()).map(c -> col(c).asc_nulls_first()).toArray(Column[]::new);
        return rows.orderBy(order).limit(SHOWN).collectAsList().stream().map(Row::toString).toList();
    }

    public static Dataset<Row> handoffsOfWarehouse(Dataset<Row> fctHandoff) {
        return handoffs(fctHandoff, true);
    }

    public static Dataset<Row> handoffsOfPeer(Dataset<Row> peerHandoff) {
        return handoffs(peerHandoff, false);
    }

    private static Dataset<Row> handoffs(Dataset<Row> frame, boolean timestamps) {
        List<Column> cols = new ArrayList<>();
        cols.add(col("lead_id").cast("string"));
        cols.add(col("handoff_seq").cast("long").as("handoff_seq"));
        HANDOFF_TEXT.stream().filter(c -> !c.equals("lead_id")).forEach(c -> cols.add(col(c).cast("string").as(c)));
        HANDOFF_TIMES.forEach(c -> cols.add((timestamps ? unix_micros(col(c)) : col(c)).cast("long").as(c)));
        // Both engines divide the same microseconds; rounding keeps a last-bit difference from counting.
        HANDOFF_HOURS.forEach(c -> cols.add(round(col(c).cast("double"), 9).as(c)));
        return frame.select(cols.toArray(Column[]::new));
    }

    public static Dataset<Row> funnelOfWarehouse(Dataset<Row> mart) {
        Column[] sums = FUNNEL_COUNTS.stream().map(c -> sum(col(c)).cast("long").as(c)).toArray(Column[]::new);
        return mart.groupBy(col("ae_id").cast("string").as("ae_id"))
                .agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length));
    }

    public static Dataset<Row> funnelOfPeer(Dataset<Row> peerFunnel) {
        List<Column> cols = new ArrayList<>();
        cols.add(col("ae_id").cast("string").as("ae_id"));
        FUNNEL_COUNTS.forEach(c -> cols.add(col(c).cast("long").as(c)));
        return peerFunnel.select(cols.toArray(Column[]::new));
    }
}
