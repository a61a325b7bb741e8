package com.handoffwarehouse.jobs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benchmark's peer: DuckDB computing fct_handoff's handoffs and mart_handoff_funnel's counts from the same
 * snapshot files the warehouse ingested, by the SQL under resources/bench, written as Parquet for the comparison.
 * Timestamps leave DuckDB as epoch microseconds so no time zone stands between the two engines.
 */
public final class DuckDbPeer {
    /** The four objects the handoffs are computed from, as the views the SQL reads. */
    private static final Map<String, String> VIEWS = Map.of("Lead.csv", "lead_raw", "Event.csv", "event_raw",
            "Task.csv", "task_raw", "Opportunity.csv", "opportunity_raw");

    public record Settings(int meetingLookbackHours, int meetingToOpportunityDays, Instant asOf) {
    }

    /** What the peer produced: its seconds (read, compute and write), the rows it read and the files it wrote. */
    public record Result(double seconds, long rowsRead, long handoffs, long funnelRows, Path handoffsParquet,
                         Path funnelParquet) {
    }

    /** Every input file read once: the floor under any engine that reads them. */
    public record ScanFloor(double seconds, long rows, int files) {
    }

    private DuckDbPeer() {
    }

    public static Result run(Map<String, List<Path>> files, Settings settings, Path outDir) {
        long started = System.nanoTime();
        try (Connection duck = connect(); Statement sql = duck.createStatement()) {
            long rowsRead = 0;
            for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                List<Path> of = files.get(view.getKey());
                if (of == null) {
                    throw new IllegalStateException("No " + view.getKey() + " among the bench sample's files");
                }
                sql.execute("CREATE TABLE " + view.getValue() + " AS SELECT *, CAST(regexp_extract(filename, "
                        + "'([0-9]{4}-[0-9]{2}-[0-9]{2})[/\\\\][^/\\\\]+$', 1) AS DATE) AS snapshot_date FROM "
                        + readCsv(of, true));
                rowsRead += count(sql, "SELECT count(*) FROM " + view.getValue());
            }
            String asOf = LocalDateTime.ofInstant(settings.asOf(), ZoneOffset.UTC).toString().replace('T', ' ');
            Map<String, String> parameters = Map.of("lookback_hours", String.valueOf(settings.meetingLookbackHours()),
                    "m2o_days", String.valueOf(settings.meetingToOpportunityDays()), "as_of", asOf);
            script("bench/peer_handoffs.sql", parameters).forEach(s -> execute(sql, s));
            script("bench/peer_funnel.sql", parameters).forEach(s -> execute(sql, s));
            Path handoffs = outDir.resolve("peer_handoff.parquet").toAbsolutePath();
            Path funnel = outDir.resolve("peer_funnel.parquet").toAbsolutePath();
            sql.execute("COPY (SELECT lead_id, handoff_seq, ae_id, current_ae_id, epoch_us(submitted_at) AS submitted_at, "
                    + "epoch_us(accepted_at) AS accepted_at, epoch_us(rejected_at) AS rejected_at, "
                    + "epoch_us(first_contact_at) AS first_contact_at, first_meeting_id, "
                    + "epoch_us(meeting_start_at) AS meeting_start_at, meeting_outcome, opportunity_id, "
                    + "hours_to_accept, hours_to_first_contact FROM peer_handoff) TO " + literal(handoffs)
                    + " (FORMAT parquet)");
            sql.execute("COPY peer_funnel TO " + literal(funnel) + " (FORMAT parquet)");
            long handoffRows = count(sql, "SELECT count(*) FROM peer_handoff");
            long funnelRows = count(sql, "SELECT count(*) FROM peer_funnel");
            return new Result((System.nanoTime() - started) / 1e9, rowsRead, handoffRows, funnelRows, handoffs, funnel);
        } catch (SQLException e) {
            throw new IllegalStateException("The DuckDB peer failed: " + e.getMessage(), e);
        }
    }

    public static ScanFloor scanFloor(Map<String, List<Path>> files) {
        long started = System.nanoTime();
        try (Connection duck = connect(); Statement sql = duck.createStatement()) {
            long rows = 0;
            int count = 0;
            for (List<Path> of : files.values()) {
                rows += count(sql, "SELECT count(*) FROM " + readCsv(of, false));
                count += of.size();
            }
            return new ScanFloor((System.nanoTime() - started) / 1e9, rows, count);
        } catch (SQLException e) {
            throw new IllegalStateException("The DuckDB scan failed: " + e.getMessage(), e);
        }
    }

    private static Connection connect() throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("DuckDB is not on the class path: the bench runs from the local jar, "
                    + "not the cluster one", e);
        }
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    /** Every column as text, as the warehouse's bronze keeps it; a header-only file is a table with no rows. */
    private static String readCsv(List<Path> files, boolean withFilename) {
        String list = files.stream().map(f -> literal(f.toAbsolutePath())).collect(Collectors.joining(", ", "[", "]"));
        return "read_csv(" + list + ", header = true, all_varchar = true, union_by_name = true"
                + (withFilename ? ", filename = true" : "") + ")";
    }

    private static String literal(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Statement sql, String statement) {
        try {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("The DuckDB peer failed on\n" + statement + "\n" + e.getMessage(), e);
        }
    }

    /** The statements of a resource script, its ${name} parameters filled in. */
    static List<String> script(String resource, Map<String, String> parameters) {
        try (InputStream in = DuckDbPeer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                text = text.replace("${" + p.getKey() + "}", p.getValue());
            }
            return java.util.Arrays.stream(text.split(";\\s*\\n")).map(String::strip)
                    .filter(s -> !s.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
