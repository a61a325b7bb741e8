package com.handoffwarehouse.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.ingest.fivetran.FivetranSalesforce;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.ColumnType;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileSourceTest {
    private static final LocalDate D1 = LocalDate.parse("2026-09-01");

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    /** A full snapshot folder in CSV whose Lead file is then replaced by {@code writeLead}. */
    private SnapshotFileSource folderWithLead(String name, Consumer<Path> writeLead, Optional<ColumnMapping> mapping) {
        Path root = dir.resolve(name);
        SnapshotFixtures.write(root, D1, SnapshotFixtures.snapshot(D1));
        Path folder = root.resolve(D1.toString());
        try {
            Files.delete(folder.resolve("Lead.csv"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        writeLead.accept(folder);
        return SnapshotFileSource.open(spark, root.toString(), mapping);
    }

    private Dataset<Row> leadStrings() {
        SnapshotFixtures.Rows rows = SnapshotFixtures.snapshot(D1).get(CrmObject.LEAD);
        List<String> header = rows.header();
        StructType schema = new StructType();
        for (String h : header) {
            schema = schema.add(h, DataTypes.StringType);
        }
        List<Row> out = new ArrayList<>();
        for (Map<String, String> r : rows.rows) {
            out.add(RowFactory.create(header.stream().map(r::get).toArray()));
        }
        return spark.createDataFrame(out, schema);
    }

    /** The same leads with typed columns, as a Parquet or JSON export would carry them. */
    private Dataset<Row> leadTyped() {
        Dataset<Row> strings = leadStrings();
        List<Column> cols = new ArrayList<>();
        for (String c : strings.columns()) {
            ColumnType type = BronzeValidation.requiredColumns(CrmObject.LEAD, SnapshotFixtures.QUALIFICATION)
                    .stream().filter(rc -> rc.name().equals(c)).map(CrmColumn::type).findFirst()
                    .orElse(ColumnType.STRING);
            cols.add(col(c).cast(type.sparkType()).as(c));
        }
        return strings.select(cols.toArray(Column[]::new));
    }

    /** Writes a frame as one file named {@code target}, the way a single-file export looks. */
    private void writeSingleFile(Dataset<Row> frame, String format, Map<String, String> options, Path target) {
        Path tmp = dir.resolve("tmp-" + target.getFileName() + "-" + System.nanoTime());
        frame.coalesce(1).write().format(format).options(options).save(tmp.toString());
        try (Stream<Path> parts = Files.list(tmp)) {
            Path part = parts.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void gzip(Path source, Path target) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(source, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Dataset<Row> bronze(SnapshotFileSource source, CrmObject object) {
        RawExtract extract = source.read(spark, object, D1).orElseThrow();
        Dataset<Row> raw = extract.rows().withColumn("snapshot_date", lit(Date.valueOf(D1)));
        return BronzeValidation.validate(raw, object, SnapshotFixtures.QUALIFICATION).valid();
    }

    private static List<String> content(Dataset<Row> bronze) {
        Dataset<Row> withoutFile = bronze.drop("_source_file");
        return withoutFile.orderBy("_row_number").collectAsList().stream().map(Row::toString).toList();
    }

    @Test
    void csvGzipParquetAndJsonOfTheSameRowsGiveTheSameBronzeContent() {
        Path csvLead = dir.resolve("lead.csv");
        SnapshotFixtures.Rows leads = SnapshotFixtures.snapshot(D1).get(CrmObject.LEAD);
        SnapshotFixtures.writeCsv(csvLead, leads.header(), leads.rows);
        SnapshotFileSource csv = folderWithLead("csv", f -> copy(csvLead, f.resolve("Lead.csv")), Optional.empty());
        SnapshotFileSource gz = folderWithLead("gz", f -> gzip(csvLead, f.resolve("Lead.csv.gz")), Optional.empty());
        SnapshotFileSource parquet = folderWithLead("parquet",
                f -> writeSingleFile(leadTyped(), "parquet", Map.of(), f.resolve("Lead.parquet")), Optional.empty());
        SnapshotFileSource json = folderWithLead("json", f -> writeSingleFile(leadTyped(), "json",
                Map.of("ignoreNullFields", "false"), f.resolve("Lead.json")), Optional.empty());

        List<String> expected = content(bronze(csv, CrmObject.LEAD));
        assertEquals(3, expected.size());
        assertTrue(expected.get(0).contains("Reports take days,\n\"manual\" exports"), expected.get(0));
        assertTrue(expected.get(0).contains("2026-08-20 10:00:00.0"), "the +02:00 offset is applied: " + expected);
        assertEquals(expected, content(bronze(gz, CrmObject.LEAD)), "csv.gz");
        assertEquals(expected, content(bronze(parquet, CrmObject.LEAD)), "parquet");
        assertEquals(expected, content(bronze(json, CrmObject.LEAD)), "json");
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 3000 leads L1..L3000 in file order, with multi-line notes so lines and records differ. */
    private Dataset<Row> manyLeads() {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            rows.add(RowFactory.create("L" + i, "note " + i + "\nsecond line, with \"quotes\""));
        }
        return spark.createDataFrame(rows, new StructType().add("Id", DataTypes.StringType)
                .add("Business_Problem__c", DataTypes.StringType));
    }

    private static long misnumbered(Dataset<Row> rows) {
        return rows.filter(col("_row_number").notEqual(col("Id").substr(2, 10).cast("long"))).count();
    }

    @Test
    void rowNumbersFollowFileOrderEvenWhenFilesAreSplit() {
        Path files = createDirectories(dir.resolve("many"));
        Path csvFile = files.resolve("Lead.csv");
        // Quotes doubled inside quoted values, as RFC 4180 and CRM exports write them (Spark's default is a backslash).
        writeSingleFile(manyLeads(), "csv", Map.of("header", "true", "escape", "\""), csvFile);
        gzip(csvFile, files.resolve("Lead.csv.gz"));
        writeSingleFile(manyLeads(), "parquet", Map.of("parquet.block.size", "4096"), files.resolve("Lead.parquet"));
        writeSingleFile(manyLeads(), "json", Map.of(), files.resolve("Lead.json"));

        String splitBytes = spark.conf().get("spark.sql.files.maxPartitionBytes");
        String openCost = spark.conf().get("spark.sql.files.openCostInBytes");
        spark.conf().set("spark.sql.files.maxPartitionBytes", "4096");
        spark.conf().set("spark.sql.files.openCostInBytes", "0");
        try {
            assertTrue(spark.read().json(files.resolve("Lead.json").toString()).rdd().getNumPartitions() > 4,
                    "the JSON file is split, so order across partitions matters");
            assertTrue(spark.read().parquet(files.resolve("Lead.parquet").toString()).rdd().getNumPartitions() > 1,
                    "the Parquet file is split by row group");
            for (String name : List.of("Lead.csv", "Lead.csv.gz", "Lead.parquet", "Lead.json")) {
                Path folder = dir.resolve("order-" + name).resolve(D1.toString());
                for (CrmObject o : CrmObject.values()) {
                    if (!o.optional() && o != CrmObject.LEAD) {
                        SnapshotFixtures.writeCsv(folder.resolve(o.apiName() + ".csv"), List.of("Id"), List.of());
                    }
                }
                copy(files.resolve(name), folder.resolve(name));
                SnapshotFileSource source = SnapshotFileSource.open(spark, folder.getParent().toString(),
                        Optional.empty());
                Dataset<Row> rows = source.read(spark, CrmObject.LEAD, D1).orElseThrow().rows();
                assertEquals(3000, rows.count(), name);
                assertEquals(0, misnumbered(rows), name);
            }
        } finally {
            spark.conf().set("spark.sql.files.maxPartitionBytes", splitBytes);
            spark.conf().set("spark.sql.files.openCostInBytes", openCost);
        }
    }

    /**
     * A table written as a folder of part files (Spark, sync tools): leads 1-500, 501-2500 and 2501-3000 in parts
     * named in that order, the largest second (Spark reads the largest file first), beside _SUCCESS and .crc.
     */
    private Path leadParts(String name, String format, Map<String, String> options, String suffix) {
        Path folder = createDirectories(dir.resolve("parts-" + name));
        long[][] ranges = {{1, 500}, {501, 2500}, {2501, 3000}};
        for (int i = 0; i < ranges.length; i++) {
            Dataset<Row> part = manyLeads().where(col("Id").substr(2, 10).cast("long")
                    .between(ranges[i][0], ranges[i][1]));
            writeSingleFile(part, format, options, folder.resolve("part-0000" + i + suffix));
        }
        writeText(folder.resolve("_SUCCESS"), "");
        writeText(folder.resolve(".part-00000" + suffix + ".crc"), "not data");
        return folder;
    }

    @Test
    void aFolderOfPartFilesIsCountedAndNumberedPartByPart() {
        Map<String, String> csv = Map.of("header", "true", "escape", "\"");
        Path csvParts = leadParts("csv", "csv", csv, ".csv");
        Path gzParts = createDirectories(dir.resolve("parts-csv-gz"));
        for (int i = 0; i < 3; i++) {
            gzip(csvParts.resolve("part-0000" + i + ".csv"), gzParts.resolve("part-0000" + i + ".csv.gz"));
        }
        Map<SnapshotFolder.Format, Path> folders = Map.of(SnapshotFolder.Format.CSV, csvParts,
                SnapshotFolder.Format.CSV_GZ, gzParts,
                SnapshotFolder.Format.PARQUET, leadParts("parquet", "parquet", Map.of(), ".parquet"),
                SnapshotFolder.Format.JSON, leadParts("json", "json", Map.of(), ".json"));
        folders.forEach((format, folder) -> {
            SnapshotFileSource.Loaded loaded = SnapshotFileSource.loadCounted(spark, folder.toString(), format);
            assertEquals(3000, loaded.count().records(), format.toString());
            assertEquals(3000, loaded.rows().count(), format.toString());
            assertEquals(0, misnumbered(loaded.rows()), format.toString());
        });
    }

    @Test
    void aDailyObjectWrittenAsAFolderOfPartsReadsAsItsFileWould() {
        Path date = createDirectories(dir.resolve("object-folder").resolve(D1.toString()));
        for (CrmObject o : CrmObject.values()) {
            if (!o.optional() && o != CrmObject.LEAD) {
                SnapshotFixtures.writeCsv(date.resolve(o.apiName() + ".csv"), List.of("Id"), List.of());
            }
        }
        Path parts = leadParts("daily", "parquet", Map.of(), ".snappy.parquet");
        try {
            Files.move(parts, date.resolve("Lead"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SnapshotFileSource source = SnapshotFileSource.open(spark, date.getParent().toString(), Optional.empty());
        RawExtract lead = source.read(spark, CrmObject.LEAD, D1).orElseThrow();
        assertEquals(Optional.of(3000L), lead.physicalRecords());
        assertEquals(3000, lead.rows().count());
        assertEquals(0, misnumbered(lead.rows()));
        assertEquals(0, lead.rows().select("Id", "Business_Problem__c").exceptAll(manyLeads()).count());
    }

    @Test
    void aFivetranLeadTableWrittenAsAFolderIsDetectedAsFivetran() {
        Path date = createDirectories(dir.resolve("fivetran-folder").resolve(D1.toString()));
        for (CrmObject o : CrmObject.values()) {
            if (!o.optional() && o != CrmObject.LEAD) {
                SnapshotFixtures.writeCsv(date.resolve(FivetranSalesforce.tableName(o) + ".csv"),
                        List.of("id", "_fivetran_synced"), List.of());
            }
        }
        Path lead = createDirectories(date.resolve(FivetranSalesforce.tableName(CrmObject.LEAD)));
        writeText(lead.resolve("part-00000.csv"), "id,_fivetran_synced\nL1,2026-09-01T06:00:00Z\n");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SnapshotFileSource.open(spark, date.getParent().toString(), Optional.empty(), List.of(),
                new Progress(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8)
                .contains("input shape: fivetran-salesforce (detected)"), out.toString());
    }

    /**
     * Lead on four dates: plain CSV, gzipped CSV, CSV with multi-line notes, all with one header, so they are read in
     * one scan; then the same dates with one header in another column order, and a header with a column named
     * snapshot_date, each read file by file. Either way the
     * rows (values, source file, row number, date) are exactly the union of one scan per file.
     */
    @Test
    void severalDatesReadTogetherGiveExactlyTheRowsOfOneScanPerFile() {
        for (List<String> header : List.of(List.of("Id", "Business_Problem__c"),
                List.of("Id", "Business_Problem__c", "snapshot_date"))) {
            readTogether(header, false);
            readTogether(header, true);
        }
    }

    private void readTogether(List<String> header, boolean reordered) {
        boolean oneScan = !reordered && !header.contains("snapshot_date");
        Path root = createDirectories(dir.resolve("together with spaces " + reordered + header.size()));
        for (int day = 0; day < 4; day++) {
            Path date = createDirectories(root.resolve(D1.plusDays(day).toString()));
            for (CrmObject o : CrmObject.values()) {
                if (!o.optional() && o != CrmObject.LEAD) {
                    SnapshotFixtures.writeCsv(date.resolve(o.apiName() + ".csv"), List.of("Id"), List.of());
                }
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 1; i <= 50 + 40 * day; i++) {
                rows.add(Map.of("Id", "L" + i, "Business_Problem__c", "day " + day + " lead " + i
                        + (day == 2 ? "\nsecond line, \"quoted\"" : "")));
            }
            List<String> columns = new ArrayList<>(header);
            if (reordered && day == 3) {
                java.util.Collections.reverse(columns);
            }
            Path lead = date.resolve("Lead.csv");
            SnapshotFixtures.writeCsv(lead, columns, rows);
            if (day == 1) {
                gzip(lead, date.resolve("Lead.csv.gz"));
                try {
                    Files.delete(lead);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        SnapshotFileSource source = SnapshotFileSource.open(spark, root.toString(), Optional.empty());
        Map<LocalDate, RawExtract> byDate = new java.util.LinkedHashMap<>();
        for (LocalDate date : source.dates()) {
            byDate.put(date, source.read(spark, CrmObject.LEAD, date).orElseThrow());
        }
        Dataset<Row> together = source.together(spark, CrmObject.LEAD, byDate);
        Dataset<Row> perFile = new RawSource() {
            @Override
            public List<LocalDate> dates() {
                return source.dates();
            }

            @Override
            public Optional<RawExtract> read(SparkSession s, CrmObject object, LocalDate date) {
                return Optional.of(byDate.get(date));
            }

            @Override
            public String describe() {
                return "one scan per file";
            }
        }.together(spark, CrmObject.LEAD, byDate);
        assertEquals(!oneScan, together.queryExecution().analyzed().toString().contains("Union"),
                "one scan when the headers agree and add no column of the scan's own, one per file otherwise");
        assertEquals(List.of(perFile.columns()), List.of(together.columns()));
        assertEquals(50 + 90 + 130 + 170, together.count());
        assertEquals(0, together.exceptAll(perFile).count(), "reordered " + reordered);
        assertEquals(0, perFile.exceptAll(together).count(), "reordered " + reordered);
        assertEquals(0, together.where(col(RawExtract.ROW_NUMBER).notEqual(col("Id").substr(2, 10)
                .cast("long"))).count());
        assertEquals(4, together.select(RawExtract.SOURCE_FILE, Bronze.SNAPSHOT_DATE).distinct().count());
    }

    @Test
    void aBrokenRecordInAPartIsKeptWithItsTextAndNamedByItsPart() {
        Path folder = leadParts("broken", "csv", Map.of("header", "true", "escape", "\""), ".csv");
        Path second = folder.resolve("part-00001.csv");
        try {
            Files.writeString(second, "L9999,\"unclosed\" tail,extra\n", java.nio.file.StandardOpenOption.APPEND);
            long line = Files.readString(second).lines().count();
            PhysicalRecords.Count count = PhysicalRecords.of(spark.sparkContext().hadoopConfiguration(),
                    folder.toString(), SnapshotFolder.Format.CSV);
            assertEquals(3001, count.records());
            PhysicalRecords.Broken broken = count.broken().get(0);
            assertEquals(List.of(2501L, line, second.toString()),
                    List.of(broken.recordNumber(), broken.firstLine(), broken.file()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Dataset<Row> rows = SnapshotFileSource.loadCounted(spark, folder.toString(), SnapshotFolder.Format.CSV).rows();
        assertEquals(List.of("L9999,\"unclosed\" tail,extra"), rows.where(col("_row_number").equalTo(2501))
                .select(Bronze.MALFORMED_RECORD).as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        assertEquals(3001, rows.select("_row_number").distinct().count());
    }

    @Test
    void partFilesWithDifferentHeadersAreRefusedByName() {
        Path folder = leadParts("headers", "csv", Map.of("header", "true", "escape", "\""), ".csv");
        Path third = folder.resolve("part-00002.csv");
        writeText(third, "Business_Problem__c,Id\nnote,L2501\n");
        IngestException e = assertThrows(IngestException.class, () -> PhysicalRecords.of(
                spark.sparkContext().hadoopConfiguration(), folder.toString(), SnapshotFolder.Format.CSV));
        assertTrue(e.getMessage().startsWith("Table " + folder + " is a folder of part files with different "
                + "headers: " + third + " has [Business_Problem__c, Id] where "), e.getMessage());
    }

    @Test
    void columnsAreRenamedThroughTheMappingOrToTheContractsSpelling() {
        ColumnMapping mapping = ColumnMapping.parse("Lead:\n  file: contacts\n  columns:\n    Record ID: Id\n"
                + "    Create Date: CreatedDate\n", "m.yaml", SnapshotFixtures.QUALIFICATION);
        SnapshotFileSource source = folderWithLead("rename", f -> writeText(f.resolve("contacts.csv"),
                "\uFEFFRecord ID,create date,ownerid,Phone Number,Notes (internal),Country/Region\n"
                        + "L1,2026-09-01T10:00:00Z,u1,+1 555,\"a, b\",US\n"), Optional.of(mapping));
        RawExtract extract = source.read(spark, CrmObject.LEAD, D1).orElseThrow();
        List<String> expected = List.of("Id", "CreatedDate", "OwnerId", "Phone_Number", "Notes_internal_",
                "Country/Region");
        assertEquals(expected, extract.columns());
        assertTrue(extract.source().endsWith("/rename/" + D1 + "/contacts.csv"), extract.source());
        List<String> all = new ArrayList<>(expected);
        all.addAll(List.of("_malformed_record", "_source_file", "_row_number"));
        assertEquals(all, Arrays.asList(extract.rows().columns()));
        Row row = extract.rows().first();
        assertEquals("a, b", row.getAs("Notes_internal_"));
        assertEquals(extract.source(), row.getAs("_source_file"));
        assertEquals(1L, (long) row.getAs("_row_number"));

        SnapshotFileSource clash = folderWithLead("clash", f -> writeText(f.resolve("contacts.csv"),
                "Record ID,id\nL1,x\n"), Optional.of(mapping));
        IngestException e = assertThrows(IngestException.class, () -> clash.read(spark, CrmObject.LEAD, D1));
        assertEquals("Snapshot " + dir.resolve("clash") + "/" + D1 + "/contacts.csv has columns 'Record ID' and "
                + "'id', which both become Id (through m.yaml). Drop or rename one of them in the export.",
                e.getMessage());
    }

    private static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void absentOptionalObjectsReadAsEmpty() {
        SnapshotFileSource source = folderWithLead("optional", f -> writeText(f.resolve("Lead.csv"), "Id\n"),
                Optional.empty());
        assertEquals(Optional.empty(), source.read(spark, CrmObject.LEAD_HISTORY, D1));
        assertEquals(List.of(D1), source.dates());
    }
}
