package com.handoffwarehouse.jobs.ingest.jdbc;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.jobs.ingest.IngestException;
import com.handoffwarehouse.jobs.ingest.RawExtract;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.logging.log4j.Level;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JdbcSource against a real PostgreSQL holding small hand-made tables. */
class JdbcSourceTest {
    private static final String SCHEMA = "jdbc_source_test";
    private static final LocalDate DATE = LocalDate.parse("2026-09-02");
    private static final List<String> QUALIFICATION = List.of("Business_Problem__c", "Why_Now__c",
            "Decision_Maker__c", "Use_Case__c", "Desired_Outcome__c", "Objections__c", "Next_Step__c", "Budget__c",
            "Timeline__c");
    private static final String PASSWORD = "Pw-5ecret-91x";
    private static final int EVENTS = 40;
    private static final int EVENTS_WITHOUT_CREATED_DATE = 5;

    private static PostgresCrmReplica replica;
    private static SparkSession spark;

    @BeforeAll
    static void tables() {
        replica = PostgresCrmReplica.shared();
        spark = SharedSpark.session();
        replica.resetSchema(SCHEMA);
        String s = PostgresCrmReplica.quote(SCHEMA) + ".";
        // Every naming style a replica may have: folded (createddate), quoted mixed case ("OwnerId"),
        // snake_case (lead_source), a single underscore before c (matched_account_c); extras with awkward
        // names and types. Rows inserted out of key order.
        replica.execute("CREATE TABLE " + s + "lead (id text, createddate timestamptz, \"OwnerId\" text, "
                        + "status varchar(40), lead_source text, company text, country char(2), "
                        + "number_of_employees integer, isconverted boolean, converteddate date, "
                        + "convertedaccountid text, convertedopportunityid text, matched_account_c text, "
                        + "sdr_owner__c text, handoff_submitted_at__c timestamp, handoff_ae__c text, "
                        + "handoff_accepted_at__c timestamptz, handoff_rejected_at__c timestamptz, "
                        + "intent_score__c double precision, business_problem__c text, budget__c numeric, "
                        + "\"Lead Score\" real, big_number numeric, visits bigint, tags text[], meta jsonb)",
                "INSERT INTO " + s + "lead (id, isconverted, intent_score__c, visits, handoff_rejected_at__c) "
                        + "VALUES ('L2', false, 1e20, -7, '2026-09-01 23:59:59.999+00')",
                "INSERT INTO " + s + "lead VALUES ('L1', '2026-08-20 12:00:00+02', 'u2', 'Working', 'Web', "
                        + "'Acme, Inc.', 'US', 150, true, '2026-09-02', 'A1', 'O1', 'A1', 'u1', "
                        + "'2026-08-31 15:30:00', 'u2', '2026-09-01 09:15:00.123456+02', NULL, 85.5, "
                        + "E'Reports take days,\\n\"manual\" exports', 12500.50, 0.1, "
                        + "12345678901234567890.123456789, 9007199254740993, '{a,b}', '{\"k\": 1}')");
        replica.execute("CREATE TABLE " + s + "event (id text, whoid text, createddate timestamptz)",
                "CREATE TABLE " + s + "event_wall_clock (id text, whoid text, createddate timestamp)");
        for (String table : List.of("event", "event_wall_clock")) {
            replica.execute("INSERT INTO " + s + table + " SELECT 'E' || lpad(g::text, 2, '0'), 'L1', "
                    + "CASE WHEN g <= " + EVENTS_WITHOUT_CREATED_DATE + " THEN NULL "
                    + "ELSE timestamp '2026-08-01 08:00:00' + g * interval '17 hours 13 minutes' END "
                    + "FROM generate_series(1, " + EVENTS + ") g");
        }
        replica.execute("CREATE TABLE " + s + "account (id text, createddate timestamptz, created_date text)");
        // A table as Fivetran's Salesforce connector keeps it: soft deletes flagged, its own sync columns.
        replica.execute("CREATE TABLE " + s + "synced_task (id text, who_id text, created_date timestamptz, "
                        + "is_deleted boolean, _fivetran_deleted boolean, _fivetran_synced timestamptz)",
                "INSERT INTO " + s + "synced_task VALUES ('T1', 'L1', '2026-09-01 10:00:00+00', false, false, now()), "
                        + "('T2', 'L1', '2026-09-01 11:00:00+00', true, false, now()), "
                        + "('T3', 'L1', '2026-09-01 12:00:00+00', false, true, now()), "
                        + "('T4', 'L1', '2026-09-01 13:00:00+00', NULL, NULL, now())");
        replica.execute("CREATE TABLE " + s + "\"user\" (id text, name text, isactive boolean)",
                "INSERT INTO " + s + "\"user\" VALUES ('u1', 'Sam Sdr', true)");
    }

    private static JdbcSettings settings() {
        return JdbcSettings.of(replica.url(), PostgresCrmReplica.USER, PASSWORD).withSchema(SCHEMA);
    }

    private static RawExtract read(JdbcSettings settings, CrmObject object) {
        return new JdbcSource(settings, DATE, QUALIFICATION).read(spark, object, DATE).orElseThrow();
    }

    private static Map<String, Row> byId(Dataset<Row> rows) {
        return rows.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("Id"), r -> r));
    }

    @Test
    void rowsFlaggedDeletedAreGoneAndFivetranBookkeepingIsNotKept() {
        RawExtract extract = read(settings().withTableName(CrmObject.TASK, "synced_task"), CrmObject.TASK);
        assertEquals(List.of("Id", "WhoId", "CreatedDate"), extract.columns());
        assertEquals(List.of("T1", "T4"), extract.rows().orderBy("Id").select("Id").collectAsList().stream()
                .map(r -> r.getString(0)).toList());
    }

    @Test
    void namesColumnsLikeTheApiAndPrintsValuesBronzeParsesBack() {
        RawExtract extract = read(settings(), CrmObject.LEAD);

        assertEquals("jdbc:" + SCHEMA + ".lead", extract.source());
        assertEquals(List.of("Id", "CreatedDate", "OwnerId", "Status", "LeadSource", "Company", "Country",
                "NumberOfEmployees", "IsConverted", "ConvertedDate", "ConvertedAccountId", "ConvertedOpportunityId",
                "Matched_Account__c", "SDR_Owner__c", "Handoff_Submitted_At__c", "Handoff_AE__c",
                "Handoff_Accepted_At__c", "Handoff_Rejected_At__c", "Intent_Score__c", "Business_Problem__c",
                "Budget__c", "Lead_Score", "big_number", "visits", "tags", "meta"), extract.columns());
        assertTrue(List.of(extract.rows().schema().fields()).stream()
                .allMatch(f -> f.dataType().equals(DataTypes.StringType)
                        || f.name().equals(RawExtract.ROW_NUMBER)), extract.rows().schema().treeString());

        Map<String, Row> rows = byId(extract.rows());
        Row l1 = rows.get("L1");
        assertEquals("2026-08-20T10:00:00.000Z", l1.getAs("CreatedDate"));
        assertEquals("2026-08-31T15:30:00.000Z", l1.getAs("Handoff_Submitted_At__c"), "timestamp without zone is UTC");
        assertEquals("2026-09-01T07:15:00.123456Z", l1.getAs("Handoff_Accepted_At__c"), "microseconds kept");
        assertEquals("2026-09-01T23:59:59.999Z", rows.get("L2").getAs("Handoff_Rejected_At__c"));
        assertEquals("u2", l1.getAs("OwnerId"));
        assertEquals("Web", l1.getAs("LeadSource"));
        assertEquals("A1", l1.getAs("Matched_Account__c"));
        assertEquals("150", l1.getAs("NumberOfEmployees"));
        assertEquals("true", l1.getAs("IsConverted"));
        assertEquals("false", rows.get("L2").getAs("IsConverted"));
        assertEquals("2026-09-02", l1.getAs("ConvertedDate"));
        assertEquals("85.5", l1.getAs("Intent_Score__c"));
        assertEquals("100000000000000000000", rows.get("L2").getAs("Intent_Score__c"), "no exponent");
        assertEquals("12500.50", l1.getAs("Budget__c"));
        assertEquals("0.1", l1.getAs("Lead_Score"), "a real prints as the float it is, not as a widened double");
        assertEquals("12345678901234567890.123456789", l1.getAs("big_number"), "unbounded numeric is exact");
        assertEquals("9007199254740993", l1.getAs("visits"));
        assertEquals("-7", rows.get("L2").getAs("visits"));
        assertEquals("Reports take days,\n\"manual\" exports", l1.getAs("Business_Problem__c"));
        assertEquals("{a,b}", l1.getAs("tags"));
        assertEquals("{\"k\": 1}", l1.getAs("meta"));
        assertNull(rows.get("L2").getAs("CreatedDate"), "NULL stays null");
        assertNull(rows.get("L2").getAs("Company"));
        // Sorted by key, not by insertion order.
        assertEquals(1L, (long) l1.<Long>getAs(RawExtract.ROW_NUMBER));
        assertEquals(2L, (long) rows.get("L2").<Long>getAs(RawExtract.ROW_NUMBER));
        assertEquals("jdbc:" + SCHEMA + ".lead", l1.getAs(RawExtract.SOURCE_FILE));

        // What bronze makes of them: the database's values, none quarantined.
        Dataset<Row> withDate = extract.rows()
                .withColumn(Bronze.SNAPSHOT_DATE, lit(Date.valueOf(DATE)));
        for (String missing : QUALIFICATION) {
            if (!extract.columns().contains(missing)) {
                withDate = withDate.withColumn(missing, lit(null).cast("string"));
            }
        }
        BronzeValidation.Result bronze = BronzeValidation.validate(withDate, CrmObject.LEAD, QUALIFICATION);
        assertEquals(0, bronze.quarantined().count());
        Map<String, Row> typed = byId(bronze.valid());
        Row t1 = typed.get("L1");
        assertEquals(Timestamp.from(Instant.parse("2026-08-20T10:00:00Z")), t1.getAs("CreatedDate"));
        assertEquals(Timestamp.from(Instant.parse("2026-08-31T15:30:00Z")), t1.getAs("Handoff_Submitted_At__c"));
        assertEquals(Timestamp.from(Instant.parse("2026-09-01T07:15:00.123456Z")), t1.getAs("Handoff_Accepted_At__c"));
        assertEquals(150, (int) t1.<Integer>getAs("NumberOfEmployees"));
        assertEquals(true, t1.getAs("IsConverted"));
        assertEquals(Date.valueOf("2026-09-02"), t1.getAs("ConvertedDate"));
        assertEquals(85.5, t1.<Double>getAs("Intent_Score__c"));
        assertEquals(1e20, typed.get("L2").<Double>getAs("Intent_Score__c"));
    }

    @Test
    void userIsReadFromTheQuotedReservedWordTable() {
        Row u1 = read(settings(), CrmObject.USER).rows().collectAsList().get(0);
        assertEquals("u1", u1.getAs("Id"));
        assertEquals("Sam Sdr", u1.getAs("Name"));
        assertEquals("true", u1.getAs("IsActive"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"event", "event_wall_clock"})
    void partitionedReadReturnsEveryRowOnceIncludingNullCreatedDates(String table) {
        JdbcSettings partitioned = settings().withTableName(CrmObject.EVENT, table)
                .withPartitionThreshold(EVENTS - 1).withNumPartitions(4);
        Dataset<Row> rows;
        String log;
        try (LogCapture capture = new LogCapture(Map.of(
                "org.apache.spark.sql.execution.datasources.jdbc", Level.INFO,
                JdbcSource.class.getName(), Level.INFO))) {
            rows = read(partitioned, CrmObject.EVENT).rows().cache();
            assertEquals(EVENTS, rows.count());
            log = capture.text();
        }
        assertTrue(rows.queryExecution().toString().contains("numPartitions=4"), rows.queryExecution().toString());
        assertTrue(log.contains("Reading " + SCHEMA + "." + table + " for Event: " + EVENTS + " rows in 4 ranges"),
                log);
        // Spark's first range is "< bound or IS NULL": the rows without CreatedDate are read there.
        assertTrue(log.toLowerCase().contains("\"createddate\" is null"), log);

        List<Row> all = rows.collectAsList();
        assertEquals(EVENTS, all.stream().map(r -> r.<String>getAs("Id")).distinct().count());
        assertEquals(EVENTS_WITHOUT_CREATED_DATE, all.stream().filter(r -> r.getAs("CreatedDate") == null).count());
        assertEquals(IntStream.rangeClosed(1, EVENTS).mapToObj(i -> String.format("E%02d", i)).toList(),
                all.stream().map(r -> r.<String>getAs("Id")).sorted().toList());
        assertEquals(LongStream.rangeClosed(1, EVENTS).boxed().toList(),
                all.stream().map(r -> r.<Long>getAs(RawExtract.ROW_NUMBER)).sorted().toList());
        Row e40 = all.stream().filter(r -> r.getAs("Id").equals("E40")).findFirst().orElseThrow();
        assertEquals("2026-08-30T00:40:00.000Z", e40.getAs("CreatedDate"));
        rows.unpersist();
    }

    @Test
    void smallTablesAreReadInOneQuery() {
        Dataset<Row> rows = read(settings(), CrmObject.EVENT).rows();
        assertFalse(rows.queryExecution().toString().contains("numPartitions=4"));
        assertEquals(EVENTS, rows.count());
    }

    @Test
    void passwordAppearsInNoDescriptionMessagePlanOrLog() {
        JdbcSettings withPasswordInUrlToo = new JdbcSettings(
                replica.url() + "?password=" + PASSWORD + "&ApplicationName=jdbc-source-test", PostgresCrmReplica.USER,
                PASSWORD, SCHEMA, Map.of(CrmObject.EVENT, "event"), 1000, 10, 3);
        JdbcSource source = new JdbcSource(withPasswordInUrlToo, DATE, QUALIFICATION);

        assertEquals(replica.url() + "?ApplicationName=jdbc-source-test", source.describe());
        assertFalse(withPasswordInUrlToo.toString().contains(PASSWORD), withPasswordInUrlToo.toString());

        String log;
        String plan;
        IngestException missing;
        IngestException unreachable;
        // Spark's JDBC loggers at INFO, not DEBUG: at DEBUG Spark's BasicConnectionProvider prints the
        // connection properties, password included, whatever the caller does (see JdbcSource's note).
        try (LogCapture capture = new LogCapture(Map.of(
                "org.apache.spark.sql.execution.datasources.jdbc", Level.INFO,
                "org.apache.spark.sql.jdbc", Level.INFO,
                JdbcSource.class.getName(), Level.DEBUG))) {
            Dataset<Row> events = source.read(spark, CrmObject.EVENT, DATE).orElseThrow().rows();
            assertEquals(EVENTS, events.count());
            plan = events.queryExecution().toString();
            missing = assertThrows(IngestException.class,
                    () -> new JdbcSource(withPasswordInUrlToo.withSchema("no_such_schema"), DATE, QUALIFICATION)
                            .read(spark, CrmObject.LEAD, DATE));
            JdbcSettings noDatabase = new JdbcSettings(withPasswordInUrlToo.url().replace("/postgres?", "/no_such_db?"),
                    PostgresCrmReplica.USER, PASSWORD, SCHEMA, Map.of(), 1000, 10, 3);
            unreachable = assertThrows(IngestException.class,
                    () -> new JdbcSource(noDatabase, DATE, QUALIFICATION).read(spark, CrmObject.LEAD, DATE));
            log = capture.text();
        }
        assertTrue(log.contains("Reading " + SCHEMA + ".event for Event"), "the capture saw our lines: " + log);
        assertFalse(log.contains(PASSWORD), log);
        assertFalse(plan.contains(PASSWORD), plan);
        for (IngestException e : List.of(missing, unreachable)) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains(PASSWORD), trace.toString());
        }
        assertTrue(unreachable.getMessage().contains("no_such_db?ApplicationName=jdbc-source-test"),
                unreachable.getMessage());
        assertTrue(unreachable.getMessage().contains("does not exist"), unreachable.getMessage());
    }

    @Test
    void missingRequiredTableIsAnErrorNamingItAndTheFix() {
        JdbcSource source = new JdbcSource(settings().withTableName(CrmObject.OPPORTUNITY, "deals"), DATE,
                QUALIFICATION);
        IngestException e = assertThrows(IngestException.class, () -> source.read(spark, CrmObject.TASK, DATE));
        assertTrue(e.getMessage().contains("has no table " + SCHEMA + ".task (Task), " + SCHEMA + ".deals (Opportunity)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Create the table in the replica, or name the table"), e.getMessage());
        assertTrue(e.getMessage().contains("holds account, event, event_wall_clock, lead, synced_task, user"),
                e.getMessage());

        assertEquals(Optional.empty(), source.read(spark, CrmObject.LEAD_HISTORY, DATE), "optional object");
        assertEquals(Optional.empty(), source.read(spark, CrmObject.LEAD, DATE.minusDays(1)), "other dates");
        assertEquals(List.of(DATE), source.dates());
    }

    @Test
    void tableNamesMatchIgnoringCase() {
        RawExtract user = read(settings().withTableName(CrmObject.USER, "USER"), CrmObject.USER);
        assertEquals("jdbc:" + SCHEMA + ".user", user.source());
    }

    @Test
    void twoColumnsForOneApiNameAreAnError() {
        IngestException e = assertThrows(IngestException.class, () -> read(settings(), CrmObject.ACCOUNT));
        assertTrue(e.getMessage().contains("has columns 'createddate' and 'created_date', which both become CreatedDate"),
                e.getMessage());
    }

    @Test
    void settingsDefaults() {
        JdbcSettings defaults = JdbcSettings.of("jdbc:postgresql://db/crm", "etl", "pw");
        assertEquals("public", defaults.schema());
        assertEquals("user", defaults.tableName(CrmObject.USER));
        assertEquals("opportunity_history", defaults.tableName(CrmObject.OPPORTUNITY_HISTORY));
        assertEquals("lead_history", defaults.tableName(CrmObject.LEAD_HISTORY));
        assertEquals(10_000, defaults.fetchSize());
        assertEquals(200_000, defaults.partitionThreshold());
        assertEquals(4, defaults.numPartitions());
        assertEquals("deals", defaults.withTableName(CrmObject.OPPORTUNITY, "deals").tableName(CrmObject.OPPORTUNITY));
        assertTrue(defaults.toString().contains("password=****"), defaults.toString());
        assertThrows(IllegalArgumentException.class, () -> defaults.withNumPartitions(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db:5432/crm?password=s3cr3t|jdbc:postgresql://db:5432/crm",
            "jdbc:postgresql://db:5432/crm?password=s3cr3t&ssl=true|jdbc:postgresql://db:5432/crm?ssl=true",
            "jdbc:postgresql://db:5432/crm?ssl=true&PASSWORD=s3cr3t&user=etl|jdbc:postgresql://db:5432/crm?ssl=true&user=etl",
            "jdbc:postgresql://db/crm?sslpassword=s3cr3t&sslmode=verify-full|jdbc:postgresql://db/crm?sslmode=verify-full",
            "jdbc:postgresql://etl:s3cr3t@db:5432/crm|jdbc:postgresql://etl@db:5432/crm",
            "jdbc:sqlserver://db:1433;user=etl;password=s3cr3t;encrypt=true|jdbc:sqlserver://db:1433;user=etl;encrypt=true",
            "jdbc:sqlserver://db:1433;pwd=s3cr3t|jdbc:sqlserver://db:1433",
            "jdbc:postgresql://db:5432/crm|jdbc:postgresql://db:5432/crm"})
    void redactsPasswordsFromUrls(String urlAndRedacted) {
        String[] parts = urlAndRedacted.split("\\|");
        assertEquals(parts[1], JdbcSettings.redact(parts[0]));
    }
}
