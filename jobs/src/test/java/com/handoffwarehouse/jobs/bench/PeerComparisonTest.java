package com.handoffwarehouse.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The comparison that decides peer_equal: rows as multisets, nulls equal, the first differing rows shown. */
class PeerComparisonTest {
    private final SparkSession spark = SharedSpark.session();
    private final StructType schema = new StructType().add("ae_id", DataTypes.StringType)
            .add("handoffs", DataTypes.LongType);

    private Dataset<Row> frame(Object[]... rows) {
        return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), schema);
    }

    @Test
    void sameRowsInAnyOrderAreEqualNullsIncluded() {
        assertTrue(PeerComparison.compare("t", frame(new Object[]{"a", 1L}, new Object[]{null, 2L}),
                frame(new Object[]{null, 2L}, new Object[]{"a", 1L})).isEmpty());
    }

    @Test
    void aDifferingCountIsReportedOnBothSides() {
        PeerComparison.Difference d = PeerComparison.compare("mart_handoff_funnel",
                frame(new Object[]{"a", 1L}, new Object[]{"b", 5L}),
                frame(new Object[]{"a", 1L}, new Object[]{"b", 4L})).orElseThrow();
        assertEquals(1, d.onlyWarehouse());
        assertEquals(1, d.onlyPeer());
        assertEquals(List.of("[b,5]"), d.firstOnlyWarehouse());
        assertEquals(List.of("[b,4]"), d.firstOnlyPeer());
        assertTrue(d.render().contains("warehouse: [b,5]") && d.render().contains("peer:      [b,4]"), d.render());
    }

    @Test
    void aDuplicatedRowIsADifference() {
        PeerComparison.Difference d = PeerComparison.compare("fct_handoff", frame(new Object[]{"a", 1L}),
                frame(new Object[]{"a", 1L}, new Object[]{"a", 1L})).orElseThrow();
        assertEquals(0, d.onlyWarehouse());
        assertEquals(1, d.onlyPeer());
    }

    @Test
    void framesWithDifferentColumnsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PeerComparison.compare("t", frame(new Object[]{"a", 1L}),
                frame(new Object[]{"a", 1L}).withColumnRenamed("handoffs", "n")));
    }
}
