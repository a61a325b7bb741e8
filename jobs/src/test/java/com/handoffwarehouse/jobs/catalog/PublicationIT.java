package com.handoffwarehouse.jobs.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.transforms.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, broken as a data engineer would break it: an ingest killed with {@code kill -9} between two
 * objects, a build killed during silver and twice during the gold writes, two writers at once,
 * a copied warehouse, and a SQL server left running across all of it. Readers must see the previous publication
 * whole until a build completes, the completed build must equal a clean run, the killed ingest's run_log row must be
 * marked ABANDONED by the next run, the second writer must be refused in one line, and the server must follow the
 * new publication without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicationIT {
    private static final String FIRST_DAY = "2026-09-01";
    private static final String SECOND_DAY = "2026-09-02";
    private static final String THIRD_DAY = "2026-09-03";
    private static final Duration RUN = Duration.ofMinutes(40);
    private static final Pattern SERVING = Pattern.compile("^Serving \\d+ tables of .* at (jdbc:hive2://\\S+),");

    @TempDir
    static Path dir;

    private final List<JarProcess> children = new ArrayList<>();
    private Path crm;

    private JarProcess jar(String... args) throws IOException {
        JarProcess child = JarProcess.start(dir, args);
        children.add(child);
        return child;
    }

    private void succeed(String... args) throws Exception {
        JarProcess child = jar(args);
        assertEquals(0, child.awaitExit(RUN), child.toString());
    }

    @BeforeAll
    void sample() throws Exception {
        JarProcess.jar();
        crm = dir.resolve("crm");
        succeed("generate", "--out", crm.toString(), "--start", FIRST_DAY, "--days", "3", "--leads", "30",
                "--seed", "5");
    }

    @AfterAll
    void killChildren() throws InterruptedException {
        for (JarProcess child : children) {
            child.close();
        }
    }

    @Test
    void killedBuildsLeaveThePublicationWholeAndTwoWritersMeetOneRefusal() throws Exception {
        Path clean = dir.resolve("clean");
        Path warehouse = dir.resolve("warehouse");
        // The reference, a clean run over the three days, beside the first two days of the warehouse under test.
        JarProcess reference = jar("run", "--snapshots", crm.toString(), "--warehouse", clean.toString());
        succeed("run", "--snapshots", crm.toString(), "--to", SECOND_DAY, "--warehouse", warehouse.toString());
        assertEquals(0, reference.awaitExit(RUN), reference.toString());

        WarehouseCatalog reader = new WarehouseCatalog(SharedSpark.session(), warehouse.toString());
        Publication first = Publication.current(reader).orElseThrow();
        Map<String, List<String>> firstTables = published(warehouse);
        Path firstCopy = dir.resolve("warehouse-copy");
        copy(warehouse, firstCopy);

        JarProcess server = jar("serve-sql", "--warehouse", warehouse.toString(), "--port", "0", "--refresh", "2");
        Matcher serving = SERVING.matcher(server.awaitLine(l -> SERVING.matcher(l).find(), Duration.ofMinutes(5)));
        assertTrue(serving.find());
        Map<String, List<String>> rebuilt;
        try (Connection jdbc = DriverManager.getConnection(serving.group(1), "analyst", "");
             Statement sql = jdbc.createStatement()) {
            assertEquals(counts(firstTables), servedCounts(sql, firstTables.keySet()));

            assertEquals(List.of(), runIds(reader, RunLog.RUNNING));
            String killedIngest = killAtRunning(warehouse);
            assertPublicationWhole(warehouse, first, firstTables, sql);

            killAt(List.of("run", "--snapshots", crm.toString(), "--from", THIRD_DAY), warehouse, "[build] stg_user:");
            assertPublicationWhole(warehouse, first, firstTables, sql);

            killAt(List.of("build"), warehouse, "[build] fct_meeting:");
            assertPublicationWhole(warehouse, first, firstTables, sql);

            // Models finish in parallel, in no fixed order: what the killed build said it wrote is on disk.
            JarProcess gold = killAt(List.of("build"), warehouse, "[build] fct_handoff:");
            int rewritten = 0;
            for (Publication.Entry e : first.entries()) {
                boolean reported = gold.lines().stream().anyMatch(l -> l.startsWith("[build] " + e.tableName() + ":")
                        && !l.contains("up to date"));
                // Delta records no commit for an empty table overwritten with nothing (the sample's few
                // opportunities leave fct_opportunity_stage empty), so only tables with rows get a new version.
                if (reported && !firstTables.get(e.tableName()).isEmpty()) {
                    assertTrue(reader.version(TableRef.of(e.tableName(), e.layer())) > e.version(),
                            e.tableName() + " was written again before the kill");
                    rewritten++;
                }
            }
            assertTrue(rewritten > 0, "the build was killed after writing tables: " + gold);
            assertPublicationWhole(warehouse, first, firstTables, sql);

            // Two writers at once: the first to start holds the lock, the second is refused in one line.
            JarProcess build = jar("build", "--warehouse", warehouse.toString());
            build.awaitLine(l -> l.startsWith("Taking over the writer lock"), Duration.ofMinutes(2));
            JarProcess second = jar("run", "--snapshots", crm.toString(), "--warehouse", warehouse.toString());
            assertEquals(5, second.awaitExit(Duration.ofMinutes(2)), second.toString());
            assertEquals(1, second.lines().size(), second.toString());
            assertTrue(second.lines().get(0).matches("error: warehouse in use by build, pid " + build.pid()
                    + " on \\S+, since \\d{4}-\\d\\d-\\d\\dT\\S+Z"), second.lines().get(0));
            assertEquals(0, build.awaitExit(RUN), build.toString());

            rebuilt = published(warehouse);
            assertEquals(published(clean), rebuilt, "the re-run after four kills equals a clean run");
            assertEquals(List.of(), runIds(reader, RunLog.RUNNING));
            List<String> abandoned = runIds(reader, RunLog.ABANDONED);
            assertEquals(4, abandoned.size(), "each killed run, marked by the run after it: " + abandoned);
            assertTrue(abandoned.contains(killedIngest), abandoned + " has the killed ingest " + killedIngest);
            assertNotEquals(firstTables, rebuilt);
            Map<String, Long> expected = counts(rebuilt);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            Map<String, Long> served = servedCounts(sql, rebuilt.keySet());
            while (!served.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                served = servedCounts(sql, rebuilt.keySet());
            }
            assertEquals(expected, served, "the running server follows the new publication");
            assertTrue(server.exitIfDone().isEmpty(), "the server stayed up: " + server);
        }

        // The copy taken after the first publication answers from itself, not from the warehouse it came from.
        String table = firstTables.keySet().stream()
                .filter(t -> firstTables.get(t).size() != rebuilt.get(t).size()).findFirst()
                .orElseThrow();
        JarProcess query = jar("sql", "--warehouse", firstCopy.toString(), "--format", "csv",
                "SELECT count(*) AS n, min(file) AS file FROM (SELECT input_file_name() AS file FROM " + table
                        + ")");
        assertEquals(0, query.awaitExit(Duration.ofMinutes(5)), query.toString());
        String answer = query.lines().get(query.lines().indexOf("n,file") + 1);
        assertTrue(answer.startsWith(firstTables.get(table).size() + ",file:" + firstCopy + "/"), answer);
    }

    /**
     * Kills an ingest of the third day once it has loaded Account and before Lead, and returns its run id, read from
     * the RUNNING row it left in run_log.
     */
    private String killAtRunning(Path warehouse) throws Exception {
        killAt(List.of("ingest", "--snapshots", crm.toString(), "--date", THIRD_DAY), warehouse, "[ingest] Account");
        List<String> running = runIds(new WarehouseCatalog(SharedSpark.session(), warehouse.toString()),
                RunLog.RUNNING);
        assertEquals(1, running.size(), "the killed ingest left its row RUNNING: " + running);
        return running.get(0);
    }

    /** The distinct run ids of run_log rows with {@code status}. */
    private static List<String> runIds(WarehouseCatalog catalog, String status) {
        return catalog.read(Tables.RUN_LOG).where(org.apache.spark.sql.functions.col("status").equalTo(status))
                .select("run_id").distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    }

    /** Starts the jar's {@code args} on the warehouse and kills it with SIGKILL once it prints {@code line}. */
    private JarProcess killAt(List<String> args, Path warehouse, String line) throws Exception {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--warehouse", warehouse.toString()));
        JarProcess child = jar(all.toArray(String[]::new));
        child.awaitLine(l -> l.startsWith(line), RUN);
        child.kill();
        return child;
    }

    private void assertPublicationWhole(Path warehouse, Publication first, Map<String, List<String>> tables,
                                        Statement served) throws SQLException {
        Publication now = Publication.current(new WarehouseCatalog(SharedSpark.session(), warehouse.toString()))
                .orElseThrow();
        assertEquals(first.id(), now.id(), "no new publication");
        assertEquals(tables, published(warehouse), "readers see the previous publication, every table of it");
        assertEquals(counts(tables), servedCounts(served, tables.keySet()));
    }

    /** Every published table of the warehouse, as sorted JSON rows, read through its publication. */
    private static Map<String, List<String>> published(Path warehouse) {
        WarehouseCatalog catalog = new WarehouseCatalog(SharedSpark.session(), warehouse.toString());
        Map<String, List<String>> tables = new TreeMap<>();
        for (Publication.Entry e : catalog.publication().orElseThrow().entries()) {
            Dataset<Row> rows = catalog.read(TableRef.of(e.tableName(), e.layer()));
            tables.put(e.tableName(), rows.toJSON().collectAsList().stream().sorted().toList());
        }
        return tables;
    }

    private static Map<String, Long> counts(Map<String, List<String>> tables) {
        Map<String, Long> counts = new TreeMap<>();
        tables.forEach((name, rows) -> counts.put(name, (long) rows.size()));
        return counts;
    }

    /** Row counts of the tables as the SQL server answers them, in one statement so they come from one plan. */
    private static Map<String, Long> servedCounts(Statement sql, Iterable<String> names) throws SQLException {
        List<String> parts = new ArrayList<>();
        names.forEach(n -> parts.add("SELECT '" + n + "' AS t, count(*) AS n FROM " + n));
        Map<String, Long> counts = new TreeMap<>();
        try (ResultSet rows = sql.executeQuery(String.join(" UNION ALL ", parts))) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static void copy(Path from, Path to) throws IOException, InterruptedException {
        Process cp = new ProcessBuilder("cp", "-r", from.toString(), to.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor());
    }
}
