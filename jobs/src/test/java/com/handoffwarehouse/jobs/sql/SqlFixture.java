package com.handoffwarehouse.jobs.sql;

import com.handoffwarehouse.jobs.catalog.Layer;
import com.handoffwarehouse.jobs.catalog.Publication;
import com.handoffwarehouse.jobs.catalog.SqlNames;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One small Delta table in a temporary warehouse, published and registered by name, written once per test JVM:
 * its values cover what the formats must get right (null, commas, quotes, a line break, timestamps, decimals,
 * an array).
 * The name is unique to these tests because the shared session's catalog outlives each test class.
 */
final class SqlFixture {
    static final TableRef HANDOFFS = TableRef.of("sql_fixture_handoffs", Layer.GOLD);
    static final StructType SCHEMA = new StructType()
            .add("lead_id", DataTypes.StringType, false)
            .add("handoff_seq", DataTypes.IntegerType, false)
            .add("ae_id", DataTypes.StringType, true)
            .add("submitted_at", DataTypes.TimestampType, true)
            .add("cohort_date", DataTypes.DateType, true)
            .add("completeness_score", DataTypes.createDecimalType(5, 1), true)
            .add("hours_to_accept", DataTypes.DoubleType, true)
            .add("is_inbound", DataTypes.BooleanType, true)
            .add("missing_items", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("note", DataTypes.StringType, true);

    private static WarehouseCatalog catalog;

    private SqlFixture() {
    }

    static synchronized WarehouseCatalog catalog() {
        if (catalog == null) {
            try {
                catalog = new WarehouseCatalog(SharedSpark.session(),
                        Files.createTempDirectory("sql-warehouse").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Row> rows = List.of(
                    RowFactory.create("L1", 1, "AE1", Timestamp.valueOf("2026-03-02 09:30:00"),
                            Date.valueOf("2026-03-02"), new BigDecimal("87.5"), 1.5, true,
                            new String[] {"why_now"}, "Budget: 10k, \"soon\""),
                    RowFactory.create("L1", 2, null, Timestamp.valueOf("2026-03-05 17:00:00.250"),
                            Date.valueOf("2026-03-05"), null, null, null, new String[] {}, ""),
                    RowFactory.create("L2", 1, "AE2", null, null, new BigDecimal("100.0"), 12.0, false,
                            null, "line one\nline two"));
            long version = catalog.write(HANDOFFS, SharedSpark.session().createDataFrame(rows, SCHEMA)).version();
            Publication.publish(catalog, Map.of(HANDOFFS, version), Instant.parse("2026-03-06T00:00:00Z"),
                    "sql-fixture");
            new SqlNames(catalog).register();
        }
        return catalog;
    }
}
