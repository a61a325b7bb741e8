package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.cli.ExitCode;
import com.handoffwarehouse.jobs.cli.WarehouseCli;
import com.handoffwarehouse.jobs.lock.WarehouseLock;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.transforms.SharedSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code warehouse report --log-run}, as the DAG's publish_report runs it: a run_log row of its own under the writer
 * lock, FAILED with the cause when the page cannot be written; without the option the report stays a reader that
 * runs while another process writes. On a copy of the dashboard fixture, which other tests read unchanged.
 */
class ReportRunLogTest {
    private static final String AS_OF = DashboardFixture.AS_OF.toString();

    @TempDir
    Path dir;

    private Path warehouse;
    private WarehouseCatalog catalog;
    private long rowsBefore;
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void copyTheFixture() throws IOException, InterruptedException {
        warehouse = dir.resolve("warehouse");
        Process cp = new ProcessBuilder("cp", "-r", DashboardFixture.catalog().root(), warehouse.toString())
                .inheritIO().start();
        assertEquals(0, cp.waitFor());
        catalog = new WarehouseCatalog(SharedSpark.session(), warehouse.toString());
        rowsBefore = catalog.read(Tables.RUN_LOG).count();
    }

    private int report(Path out, String... more) {
        CommandLine cli = WarehouseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"report", "--warehouse", warehouse.toString(), "--out", out.toString(),
                "--as-of=" + AS_OF}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return cli.execute(args);
    }

    private List<Row> reportRows() {
        return catalog.read(Tables.RUN_LOG).where(col("job").equalTo("report")).collectAsList();
    }

    @Test
    void aLoggedReportLeavesOneSucceededRowUnderTheAsOfDate() {
        Path out = dir.resolve("reports/2026-09-16");

        assertEquals(0, report(out, "--log-run"), err.toString());

        assertTrue(Files.isRegularFile(out.resolve(DashboardReport.PAGE)));
        List<Row> rows = reportRows();
        assertEquals(1, rows.size(), rows.toString());
        Row row = rows.get(0);
        assertEquals(RunLog.SUCCEEDED, row.getAs("status"));
        assertEquals(Date.valueOf("2026-09-16"), row.getAs("snapshot_date"));
        assertEquals("out " + out.toAbsolutePath(), row.getAs("source"));
        assertFalse(row.isNullAt(row.fieldIndex("finished_at")));
        assertNull(row.getAs("error_message"));
        assertEquals(rowsBefore + 1, catalog.read(Tables.RUN_LOG).count());
    }

    @Test
    void aReportThatCannotBeWrittenIsLoggedFailedWithItsCause() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");

        assertTrue(report(notAFolder, "--log-run") != 0, err.toString());

        List<Row> rows = reportRows();
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(RunLog.FAILED, rows.get(0).getAs("status"));
        String message = rows.get(0).getAs("error_message");
        assertTrue(message.contains(notAFolder.toString()), message);
    }

    @Test
    void whileAnotherWriterHoldsTheLockOnlyTheUnloggedReportRuns() {
        try (WarehouseLock build = WarehouseLock.acquire(warehouse.toString(), "build", notice -> { })) {
            assertEquals(ExitCode.WAREHOUSE_IN_USE.code(), report(dir.resolve("logged"), "--log-run"),
                    err.toString());
            assertTrue(err.toString().contains("warehouse in use by build"), err.toString());

            assertEquals(0, report(dir.resolve("reader")), err.toString());
            assertTrue(Files.isRegularFile(dir.resolve("reader").resolve(DashboardReport.PAGE)));
        }
        assertEquals(List.of(), reportRows());
        assertEquals(rowsBefore, catalog.read(Tables.RUN_LOG).count());
    }
}
