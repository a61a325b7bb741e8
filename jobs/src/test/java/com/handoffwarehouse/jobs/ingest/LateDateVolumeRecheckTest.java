package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.generator.SampleGenerator;
import com.handoffwarehouse.quality.QualityGateFailed;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A late date becomes the baseline of the snapshot after it, so its ingest checks that later snapshot's volume
 * again: an inflated late extract, against which the next day looks like a mass deletion, stops the run and
 * leaves bronze as it was; the true extract then goes through.
 */
class LateDateVolumeRecheckTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);

    @Test
    void aLateDateReChecksTheDateAfterItAndAFailureLeavesBronzeAsItWas(@TempDir Path dir) throws IOException {
        Path crm = dir.resolve("crm");
        SampleGenerator.generate(new SampleGenerator.Settings(crm, START, 3, 300, 7, SampleGenerator.Format.CSV, 0),
                null, line -> { });
        Path config = Files.writeString(dir.resolve("small.yaml"), "quality:\n  row_count:\n    min_previous_rows: 1\n");
        WarehouseConfig small = ConfigLoader.load(Optional.of(config));
        WarehouseCatalog catalog = new WarehouseCatalog(SharedSpark.session(), dir.resolve("warehouse").toString());
        SnapshotFileSource source = SnapshotFileSource.open(catalog.spark(), crm.toString(), Optional.empty());
        LocalDate late = START.plusDays(1);
        LocalDate after = START.plusDays(2);
        new IngestJob(catalog, small, Progress.silent()).run(source, List.of(START, after));
        long leadsAfter = leads(catalog, after);

        Path leadFile = crm.resolve(late.toString()).resolve("Lead.csv");
        List<String> original = Files.readAllLines(leadFile);
        List<String> inflated = new ArrayList<>(original);
        for (String copy : List.of("00QdupA", "00QdupB")) {
            original.stream().skip(1).map(line -> copy + line.substring(3)).forEach(inflated::add);
        }
        Files.write(leadFile, inflated);
        long bronzeVersion = catalog.version(Tables.raw(CrmObject.LEAD));

        QualityGateFailed failed = assertThrows(QualityGateFailed.class,
                () -> new IngestJob(catalog, small, Progress.silent()).run(source, List.of(late)));

        assertTrue(failed.getMessage().startsWith("raw_lead " + after + ": check 'row count change' failed: row count is "
                + leadsAfter + " (previous snapshot " + late + " had " + (3 * (original.size() - 1))),
                failed.getMessage());
        assertEquals(0, leads(catalog, late), "the rejected late extract left bronze");
        assertEquals(leadsAfter, leads(catalog, after));
        assertTrue(catalog.version(Tables.raw(CrmObject.LEAD)) > bronzeVersion, "restored in a commit of its own");

        Files.write(leadFile, original);
        new IngestJob(catalog, small, Progress.silent()).run(source, List.of(late));

        assertEquals(original.size() - 1, leads(catalog, late));
        assertTrue(catalog.read(Tables.QUALITY_RESULTS).where(col("table_name").equalTo("raw_lead")
                .and(col("snapshot_date").equalTo(Date.valueOf(after))).and(col("status").equalTo("Success"))
                .and(col("message").contains("previous snapshot " + late))).count() > 0,
                "the date after the late one was checked against it again");
    }

    private static long leads(WarehouseCatalog catalog, LocalDate date) {
        return catalog.read(Tables.raw(CrmObject.LEAD)).where(col(Tables.SNAPSHOT_DATE).equalTo(Date.valueOf(date)))
                .count();
    }
}
