package com.handoffwarehouse.jobs.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ingest.IngestJob;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.jobs.models.Model;
import com.handoffwarehouse.jobs.models.Models;
import com.handoffwarehouse.generator.SampleGenerator;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily job (ingest one snapshot, build), run date by date with one date arriving late and one ingested
 * again beside a new one, ends with exactly the tables one full build over every snapshot produces: every silver and gold table,
 * content compared. The in-order days advance the incremental models instead of rebuilding them.
 */
class DailyRunsEqualFullBuildTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);

    private static final String SIDE = "_side";

    private boolean firstBuild = true;

    @Test
    void dailyRunsOutOfOrderAndReIngestedEqualOneFullBuild(@TempDir Path dir) {
        Path sample = dir.resolve("crm");
        SampleGenerator.generate(new SampleGenerator.Settings(sample, START, 5, 120, 5,
                SampleGenerator.Format.CSV, 0.01), null, line -> { });
        WarehouseConfig config = ConfigLoader.load(Optional.empty());

        WarehouseCatalog daily = new WarehouseCatalog(SharedSpark.session(), dir.resolve("daily").toString());
        SnapshotFileSource source = SnapshotFileSource.open(daily.spark(), sample.toString(), Optional.empty());
        ingest(daily, config, source, day(0), day(1));
        assertModes(build(daily, config), Plan.Mode.FULL);
        ingest(daily, config, source, day(3));
        assertModes(build(daily, config), Plan.Mode.INCREMENTAL);
        ingest(daily, config, source, day(2));
        assertModes(build(daily, config), Plan.Mode.FULL);
        ingest(daily, config, source, day(1), day(4));
        assertModes(build(daily, config), Plan.Mode.FULL);

        WarehouseCatalog full = new WarehouseCatalog(SharedSpark.session(), dir.resolve("full").toString());
        new IngestJob(full, config, Progress.silent()).run(source, source.dates());
        build(full, config);

        for (Model model : Models.all()) {
            Dataset<Row> a = comparable(daily.read(model.table()));
            Dataset<Row> b = comparable(full.read(model.table()));
            if (!model.name().startsWith("stg_opportunity")) {
                assertTrue(b.count() > 0, model.name() + " is empty");
            }
            assertEquals(List.of(), differences(a, b), model.name() + ": rows (+1 daily only, -1 full only)");
        }
    }

    private static LocalDate day(int n) {
        return START.plusDays(n);
    }

    private static void ingest(WarehouseCatalog catalog, WarehouseConfig config, SnapshotFileSource source,
                               LocalDate... dates) {
        new IngestJob(catalog, config, Progress.silent()).run(source, List.of(dates));
    }

    private static WarehouseBuild.Result build(WarehouseCatalog catalog, WarehouseConfig config) {
        return new WarehouseBuild(catalog, config, RoutingRulesLoader.load(Optional.empty()), Progress.silent())
                .run(Optional.empty());
    }

    /** The SCD2 histories and the lead staging table advanced, or were rebuilt, as the day's dates call for. */
    private void assertModes(WarehouseBuild.Result result, Plan.Mode expected) {
        Map<String, Plan.Mode> modes = result.models().stream()
                .collect(Collectors.toMap(ModelRunner.ModelRun::model, ModelRunner.ModelRun::mode));
        for (String model : List.of(TableNames.INT_LEAD_HISTORY, TableNames.INT_EVENT_HISTORY, "stg_lead")) {
            assertEquals(expected, modes.get(model), model);
        }
        // fct_handoff advances from its inputs whenever it has a table to advance: late dates included.
        assertEquals(firstBuild ? Plan.Mode.FULL : Plan.Mode.INCREMENTAL, modes.get(TableNames.FCT_HANDOFF));
        firstBuild = false;
    }

    /**
     * Each row that one side holds more often than the other, with the surplus (positive: the daily runs'),
     * in one Spark job: the two sides tagged +1 and -1, summed by the whole row.
     */
    private static List<Row> differences(Dataset<Row> daily, Dataset<Row> full) {
        Column[] row = Arrays.stream(daily.columns()).map(c -> functions.col("`" + c + "`")).toArray(Column[]::new);
        return daily.withColumn(SIDE, functions.lit(1)).unionByName(full.withColumn(SIDE, functions.lit(-1)))
                .groupBy(row).agg(functions.sum(SIDE).as(SIDE)).filter(functions.col(SIDE).notEqual(0))
                .limit(5).collectAsList();
    }

    /** Columns in one order by name; set operations refuse maps, whose JSON compares the same. */
    private static Dataset<Row> comparable(Dataset<Row> df) {
        Column[] columns = Arrays.stream(df.schema().fields()).sorted((x, y) -> x.name().compareTo(y.name()))
                .map(DailyRunsEqualFullBuildTest::comparable).toArray(Column[]::new);
        return df.select(columns);
    }

    private static Column comparable(StructField f) {
        Column c = functions.col("`" + f.name() + "`");
        return (f.dataType() instanceof MapType || f.dataType() instanceof ArrayType ? functions.to_json(c) : c)
                .as(f.name());
    }
}
