package com.handoffwarehouse.jobs.ingest.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.ingest.BronzeIngest;
import com.handoffwarehouse.jobs.ingest.BronzeWriter;
import com.handoffwarehouse.jobs.ingest.RawExtract;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.generator.SampleGenerator;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same snapshot ingested from its CSV files and from a PostgreSQL replica loaded with them ends up as the
 * same bronze and quarantine content.
 */
class JdbcIngestEndToEndTest {
    private static final String SCHEMA = "crm_replica";
    private static final LocalDate START = LocalDate.parse("2026-09-01");
    private static final int DAYS = 3;
    private static final LocalDate LAST = START.plusDays(DAYS - 1);
    private static final Instant INGESTED_AT = Instant.parse("2026-09-04T06:00:00Z");
    /** The default configuration's required Lead fields (checklist items + BANT). */
    private static final List<String> QUALIFICATION = List.of("Business_Problem__c", "Why_Now__c",
            "Decision_Maker__c", "Use_Case__c", "Desired_Outcome__c", "Objections__c", "Next_Step__c", "Budget__c",
            "Timeline__c");
    private static final Set<String> NOT_COMPARED = Set.of(RawExtract.SOURCE_FILE, RawExtract.ROW_NUMBER,
            BronzeWriter.INGESTED_AT);

    @Test
    void replicaAndCsvSnapshotGiveTheSameBronze(@TempDir Path dir) {
        SparkSession spark = SharedSpark.session();
        PostgresCrmReplica replica = PostgresCrmReplica.shared();
        Path snapshots = dir.resolve("snapshots");
        // Ten times the default defect rate, so every object with defects gets some of each kind.
        SampleGenerator.generate(new SampleGenerator.Settings(snapshots, START, DAYS, 150, 11L,
                SampleGenerator.Format.CSV, 0.05), null, line -> { });
        Map<CrmObject, PostgresCrmReplica.LoadedTable> loaded =
                replica.loadSnapshot(snapshots.resolve(LAST.toString()), SCHEMA, QUALIFICATION);
        // The sample writes every object but OpportunityFieldHistory, which it has no use for.
        Set<CrmObject> sampled = EnumSet.complementOf(EnumSet.of(CrmObject.OPPORTUNITY_FIELD_HISTORY));
        assertEquals(sampled, loaded.keySet());
        assertTrue(loaded.values().stream().anyMatch(t -> "text".equals(t.columnTypes().get("createddate"))),
                "some file has garbled CreatedDate values, which keep that column text");
        Map<String, String> lead = loaded.get(CrmObject.LEAD).columnTypes();
        assertEquals("timestamptz", lead.get("handoff_submitted_at__c"));
        assertEquals("double precision", lead.get("intent_score__c"));
        assertEquals("integer", lead.get("numberofemployees"));
        assertEquals("boolean", lead.get("isconverted"));
        assertEquals("date", lead.get("converteddate"));
        assertEquals("numeric(18,2)", loaded.get(CrmObject.OPPORTUNITY).columnTypes().get("amount"));
        assertEquals("timestamptz", loaded.get(CrmObject.LEAD_HISTORY).columnTypes().get("createddate"));

        WarehouseCatalog fromFiles = new WarehouseCatalog(spark, dir.resolve("warehouse-files").toString());
        WarehouseCatalog fromJdbc = new WarehouseCatalog(spark, dir.resolve("warehouse-jdbc").toString());
        BronzeIngest.Result files = new BronzeIngest(fromFiles, QUALIFICATION, Progress.silent())
                .run(SnapshotFileSource.open(spark, snapshots.toString(), Optional.empty()), List.of(LAST),
                        INGESTED_AT);
        // A threshold below most tables' size: the tables with a typed CreatedDate are read in ranges.
        JdbcSettings settings = JdbcSettings.of(replica.url(), PostgresCrmReplica.USER, "not-needed-by-trust-auth")
                .withSchema(SCHEMA).withPartitionThreshold(50).withNumPartitions(3);
        BronzeIngest.Result jdbc;
        String log;
        try (LogCapture capture = new LogCapture(Map.of(JdbcSource.class.getName(), Level.INFO))) {
            jdbc = new BronzeIngest(fromJdbc, QUALIFICATION, Progress.silent())
                    .run(new JdbcSource(settings, LAST, QUALIFICATION), List.of(LAST), INGESTED_AT);
            log = capture.text();
        }
        assertTrue(log.contains(SCHEMA + ".lead_history for LeadHistory") && log.contains("in 3 ranges of createddate"),
                log);

        assertEquals(files.counts(), jdbc.counts());
        assertTrue(files.quarantined() > 0, "the sample has defects to quarantine");
        for (CrmObject object : sampled) {
            Dataset<Row> a = comparable(fromFiles.read(Tables.raw(object)));
            Dataset<Row> b = comparable(fromJdbc.read(Tables.raw(object)));
            assertEquals(Arrays.asList(a.columns()), Arrays.asList(b.columns()), object.apiName());
            assertTrue(a.count() > 0, object.apiName());
            assertEquals(0, a.exceptAll(b).count(), object.apiName() + ": rows only the CSV ingest has");
            assertEquals(0, b.exceptAll(a).count(), object.apiName() + ": rows only the JDBC ingest has");

            if (fromFiles.exists(Tables.quarantine(object))) {
                Dataset<Row> qa = quarantined(fromFiles.read(Tables.quarantine(object)));
                Dataset<Row> qb = quarantined(fromJdbc.read(Tables.quarantine(object)));
                assertEquals(0, qa.exceptAll(qb).count(), object.apiName() + ": quarantined only from the CSV");
                assertEquals(0, qb.exceptAll(qa).count(), object.apiName() + ": quarantined only from the replica");
            }
        }
    }

    /**
     * Every column but where-and-when-it-came-from, names lower-cased (the replica's extras are lower case,
     * the CSV's keep their spelling) and sorted, so extras are compared too.
     */
    private static Dataset<Row> comparable(Dataset<Row> bronze) {
        Column[] columns = Arrays.stream(bronze.columns())
                .filter(c -> !NOT_COMPARED.contains(c))
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .map(c -> col("`" + c + "`").as(c.toLowerCase(Locale.ROOT)))
                .toArray(Column[]::new);
        return bronze.select(columns);
    }

    /** The rule each row broke and the key it had; the raw record's other values are spelt per source. */
    private static Dataset<Row> quarantined(Dataset<Row> quarantine) {
        return quarantine.select(col(Bronze.SNAPSHOT_DATE), col(BronzeValidation.RULE),
                col(BronzeValidation.COLUMN), get_json_object(col(BronzeValidation.RAW_RECORD), "$.Id").as("id"),
                get_json_object(col(BronzeValidation.RAW_RECORD), "$.CreatedDate").as("created_date"));
    }
}
