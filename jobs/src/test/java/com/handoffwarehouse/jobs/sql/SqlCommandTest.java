package com.handoffwarehouse.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.cli.ExitCode;
import com.handoffwarehouse.jobs.cli.WarehouseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SqlCommandTest {
    private static final String ALL = "SELECT * FROM sql_fixture_handoffs ORDER BY lead_id, handoff_seq";

    private static WarehouseCatalog catalog;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void table() {
        catalog = SqlFixture.catalog();
    }

    private String run(String statement, SqlFormat format, int limit) {
        new SqlRunner(catalog.spark(), new PrintWriter(out), new PrintWriter(err)).run(statement, format, limit);
        return out.toString();
    }

    private int cli(String... args) {
        CommandLine cli = WarehouseCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 3];
        all[0] = "sql";
        all[1] = "--warehouse";
        all[2] = catalog.root();
        System.arraycopy(args, 0, all, 3, args.length);
        return cli.execute(all);
    }

    @Test
    void tableAlignsColumnsLikePsqlAndShowsNull() {
        String table = run("SELECT lead_id, handoff_seq, ae_id, submitted_at, completeness_score, note FROM "
                + "sql_fixture_handoffs ORDER BY lead_id, handoff_seq", SqlFormat.TABLE, 1000);
        assertEquals(String.join("\n",
                " lead_id | handoff_seq | ae_id |       submitted_at       | completeness_score |        note",
                "---------+-------------+-------+--------------------------+--------------------+---------------------",
                " L1      |           1 | AE1   | 2026-03-02T09:30:00Z     |               87.5 | Budget: 10k, \"soon\"",
                " L1      |           2 | NULL  | 2026-03-05T17:00:00.250Z |               NULL |",
                " L2      |           1 | AE2   | NULL                     |              100.0 | line one\\nline two",
                "(3 rows)",
                ""), table);
    }

    @Test
    void csvIsRfc4180WithNullAsAnEmptyFieldAndEmptyStringQuoted() {
        assertEquals("lead_id,handoff_seq,ae_id,submitted_at,cohort_date,completeness_score,hours_to_accept,"
                        + "is_inbound,missing_items,note\r\n"
                        + "L1,1,AE1,2026-03-02T09:30:00Z,2026-03-02,87.5,1.5,true,\"[\"\"why_now\"\"]\","
                        + "\"Budget: 10k, \"\"soon\"\"\"\r\n"
                        + "L1,2,,2026-03-05T17:00:00.250Z,2026-03-05,,,,[],\"\"\r\n"
                        + "L2,1,AE2,,,100.0,12.0,false,,\"line one\nline two\"\r\n",
                run(ALL, SqlFormat.CSV, 0));
    }

    @Test
    void jsonLinesKeepEveryColumnWithNativeTypes() {
        assertEquals("{\"lead_id\":\"L1\",\"handoff_seq\":1,\"ae_id\":\"AE1\",\"submitted_at\":\"2026-03-02T09:30:00Z\","
                        + "\"cohort_date\":\"2026-03-02\",\"completeness_score\":87.5,\"hours_to_accept\":1.5,"
                        + "\"is_inbound\":true,\"missing_items\":[\"why_now\"],\"note\":\"Budget: 10k, \\\"soon\\\"\"}\n"
                        + "{\"lead_id\":\"L1\",\"handoff_seq\":2,\"ae_id\":null,\"submitted_at\":\"2026-03-05T17:00:00.250Z\","
                        + "\"cohort_date\":\"2026-03-05\",\"completeness_score\":null,\"hours_to_accept\":null,"
                        + "\"is_inbound\":null,\"missing_items\":[],\"note\":\"\"}\n"
                        + "{\"lead_id\":\"L2\",\"handoff_seq\":1,\"ae_id\":\"AE2\",\"submitted_at\":null,"
                        + "\"cohort_date\":null,\"completeness_score\":100.0,\"hours_to_accept\":12.0,"
                        + "\"is_inbound\":false,\"missing_items\":null,\"note\":\"line one\\nline two\"}\n",
                run(ALL, SqlFormat.JSON, 0));
    }

    @Test
    void aCutResultSaysSoInTheTableAndOnStderrForMachineFormats() {
        String table = run(ALL, SqlFormat.TABLE, 2);
        assertTrue(table.contains("(2 rows)\n(output cut at 2 rows by --limit"), table);
        out.getBuffer().setLength(0);
        String csv = run(ALL, SqlFormat.CSV, 2);
        assertEquals(3, csv.split("\r\n").length, csv);
        assertTrue(err.toString().startsWith("(output cut at 2 rows by --limit"), err.toString());
    }

    @Test
    void commandRunsOnTheWarehouseByName() {
        int exit = cli("--format", "CSV", "SELECT lead_id, count(*) AS handoffs FROM sql_fixture_handoffs "
                + "GROUP BY lead_id ORDER BY lead_id");
        assertEquals(0, exit, err.toString());
        assertEquals("lead_id,handoffs\r\nL1,2\r\nL2,1\r\n", out.toString());
    }

    @Test
    void unknownTableExitsTwoNamingItAndListingTheTables() {
        int exit = cli("SELECT * FROM mart_nowhere");
        assertEquals(ExitCode.USAGE.code(), exit);
        String message = err.toString();
        assertTrue(message.startsWith(
                "error: [TABLE_OR_VIEW_NOT_FOUND] The table or view `mart_nowhere` cannot be found"), message);
        assertTrue(message.contains("Tables in `default`: ") && message.contains("sql_fixture_handoffs"), message);
        assertEquals("", out.toString());
    }

    @Test
    void syntaxErrorExitsTwoPointingAtTheSpot() {
        assertEquals(ExitCode.USAGE.code(), cli("SELEC 1"));
        assertTrue(err.toString().contains("PARSE_SYNTAX_ERROR"), err.toString());
    }
}
