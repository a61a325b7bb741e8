package com.handoffwarehouse.jobs.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ingest.IngestJob;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.jobs.sample.SampleGenerator;
import com.handoffwarehouse.transforms.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily job (ingest one snapshot, build) run date by date, out of order, ends with exactly the tables a
 * single build over every snapshot produces: each build recomputes from bronze, so no daily state can drift.
 */
class DailyRunsEqualFullBuildTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);

    @Test
    void dailyOutOfOrderRunsEqualOneFullBuild(@TempDir Path dir) {
        Path sample = dir.resolve("crm");
        SampleGenerator.generate(new SampleGenerator.Settings(sample, START, 3, 120, 5,
                SampleGenerator.Format.CSV, 0.01), null, line -> { });
        WarehouseConfig config = ConfigLoader.load(Optional.empty());

        WarehouseCatalog daily = new WarehouseCatalog(SharedSpark.session(), dir.resolve("daily").toString());
        SnapshotFileSource source = SnapshotFileSource.open(daily.spark(), sample.toString(), Optional.empty());
        for (LocalDate date : List.of(START, START.plusDays(2), START.plusDays(1))) {
            new IngestJob(daily, config, Progress.silent()).run(source, List.of(date));
            build(daily, config);
        }

        WarehouseCatalog full = new WarehouseCatalog(SharedSpark.session(), dir.resolve("full").toString());
        new IngestJob(full, config, Progress.silent()).run(source, source.dates());
        build(full, config);

        for (TableRef table : List.of(Tables.INT_LEAD_HISTORY, Tables.INT_LEAD_TIMELINE, Tables.FCT_HANDOFF,
                Tables.FCT_MEETING, Tables.MART_HANDOFF_FUNNEL, Tables.MART_SLA_BREACHES_OPEN,
                Tables.MART_ROUTING_AUDIT)) {
            Dataset<Row> a = comparable(daily.read(table));
            Dataset<Row> b = comparable(full.read(table));
            assertTrue(b.count() > 0, table.name() + " is empty");
            assertEquals(0, a.exceptAll(b).count(), table.name() + " has rows the full build lacks");
            assertEquals(0, b.exceptAll(a).count(), table.name() + " lacks rows of the full build");
        }
    }

    /** Set operations refuse map columns; their JSON compares the same. */
    private static Dataset<Row> comparable(Dataset<Row> df) {
        for (org.apache.spark.sql.types.StructField f : df.schema().fields()) {
            if (f.dataType() instanceof org.apache.spark.sql.types.MapType) {
                df = df.withColumn(f.name(), org.apache.spark.sql.functions.to_json(df.col(f.name())));
            }
        }
        return df;
    }

    private static void build(WarehouseCatalog catalog, WarehouseConfig config) {
        new WarehouseBuild(catalog, config, RoutingRulesLoader.load(Optional.empty()), Progress.silent())
                .run(Optional.empty());
    }
}
